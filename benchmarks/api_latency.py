"""API latency against the same Cypher run directly with the driver, in one run.

    python benchmarks/api_latency.py                       # 100,000 entities, 1,000,000 transfers
    python benchmarks/api_latency.py --transfers 50000 --entities 5000 --projects 2000

Generates an FIU transfer export (``generate_transfers.py``, with planted layering
chains that end at trafficking groups), starts a fresh local Neo4j, applies the
schema, loads the export through the bulk path (``ingestion.load``, format fiu-transfers),
writes donors, projects, countries and sectors at the scale of a donor-coordination
database with a plain ``UNWIND`` loader. Then, with the app running in this
process (httpx over the ASGI interface, lifespan included) as an FIU analyst, it
measures p50/p95 of:

- ``whoFundsWhat(groupBy: [COUNTRY, SECTOR])`` over everything, and within one country;
- ``traceFlows`` at 3 and 4 hops from entities that reach a trafficking group;

each through the API and as the same statements sent with the async driver (for
traceFlows that is the existence check of the start entity and the trace itself),
interleaved so that both see the same machine. It prints the ratios API / Cypher.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import httpx
import neo4j
import numpy as np
from starlette.datastructures import Secret

from graphhub.api.app import create_app
from graphhub.config import ApiKey, Settings
from graphhub.db import engine
from graphhub.db.driver import open_async_driver, open_driver
from graphhub.db.schema import migrate
from graphhub.model import Label
from graphhub.queries import flows_cypher
from graphhub.queries.cypher_files import cypher
from ingestion.load import load

ROOT = Path(__file__).resolve().parents[1]
TOKEN = "bench-analyst-key"
BATCH = 10_000

WHO_FUNDS_WHAT = """query WhoFundsWhat($country: String) {
  whoFundsWhat(groupBy: [COUNTRY, SECTOR], filter: {country: $country}) {
    country { iso3 name } sector { code name } amountUsd fundingCount projectCount donorCount
    currencies { currency amount } } }"""
TRACE = """query Trace($from: ID!, $hops: Int!) {
  traceFlows(from: $from, maxHops: $hops, first: 10) {
    totalCount paths { amountUsd hops nodes { id name } transfers { id amountUsd date }
                       group { id name } } } }"""

SECTORS = [
    ("15210", "security system management"), ("15130", "legal and judicial development"),
    ("16063", "narcotics control"), ("13040", "STD control including HIV/AIDS"),
    ("15113", "anti-corruption"), ("15220", "civilian peace-building"),
    ("12220", "basic health care"), ("12264", "COVID-19 control"),
    ("15150", "democratic participation"), ("15160", "human rights"),
    ("15180", "ending violence against women"), ("15111", "public finance management"),
    ("15114", "domestic revenue mobilisation"), ("15125", "public procurement"),
    ("15136", "immigration"), ("15190", "migration"), ("24010", "financial policy"),
    ("24020", "monetary institutions"), ("33110", "trade policy"), ("33120", "trade facilitation"),
    ("33181", "trade education and training"), ("31161", "food crop production"),
    ("31166", "agricultural extension"), ("43040", "rural development"),
    ("43060", "disaster risk reduction"), ("21020", "road transport"),
    ("21030", "rail transport"), ("21040", "water transport"), ("16010", "social protection"),
    ("16020", "employment creation"), ("11330", "vocational training"),
    ("11420", "higher education"), ("12230", "basic health infrastructure"),
    ("12281", "health personnel development"), ("15170", "women's rights organisations"),
    ("15185", "local government administration"), ("72010", "material relief assistance"),
    ("73010", "reconstruction relief"), ("74020", "multi-hazard response preparedness"),
    ("41010", "environmental policy"),
]
CURRENCIES = {"USD": 1.0, "EUR": 1.1, "GBP": 1.3, "JPY": 0.008, "CHF": 1.05}


@dataclass
class Timings:
    """Seconds per call of one case, through the API and directly."""

    name: str
    api: list[float]
    cypher: list[float]
    rows: int = 0

    @staticmethod
    def pct(values: list[float], q: float) -> float:
        return float(np.percentile(np.array(values), q)) * 1000

    def line(self) -> str:
        a50, a95 = self.pct(self.api, 50), self.pct(self.api, 95)
        c50, c95 = self.pct(self.cypher, 50), self.pct(self.cypher, 95)
        return (
            f"{self.name:<34} API p50 {a50:8.1f} ms  p95 {a95:8.1f} ms | "
            f"Cypher p50 {c50:8.1f} ms  p95 {c95:8.1f} ms | API/Cypher p50 {a50 / c50:5.2f}x"
            f"  p95 {a95 / c95:5.2f}x  ({len(self.api)} calls, ~{self.rows} rows)"
        )

    def figures(self) -> dict[str, Any]:
        a50, c50 = self.pct(self.api, 50), self.pct(self.cypher, 50)
        return {
            "api_p50_ms": round(a50, 1),
            "api_p95_ms": round(self.pct(self.api, 95), 1),
            "cypher_p50_ms": round(c50, 1),
            "cypher_p95_ms": round(self.pct(self.cypher, 95), 1),
            "ratio_p50": round(a50 / c50, 2),
            "calls": len(self.api),
        }


def generate(work: Path, transfers: int, entities: int, seed: int) -> Path:
    """The transfer export and its typologies file (in a subprocess: its memory is its own)."""
    output = work / f"transfers-{transfers}.csv"
    subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "generate_transfers.py"),
         "--transfers", str(transfers), "--entities", str(entities), "--seed", str(seed),
         "-o", str(output)],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return output


def donor_rows(
    rng: np.random.Generator, donors: int, projects: int, countries: int
) -> dict[str, list[dict[str, Any]]]:
    """Donors, countries, sectors, projects and their links, as plain rows."""
    import pycountry

    nations = sorted(pycountry.countries, key=lambda c: c.alpha_3)
    picked = rng.choice(len(nations), size=min(countries, len(nations)), replace=False)
    country_rows = [
        {"id": f"country:{nations[i].alpha_3.lower()}", "iso3": nations[i].alpha_3,
         "name": nations[i].name}
        for i in sorted(picked)
    ]
    sector_rows = [{"id": f"sector:{code}", "code": code, "name": name} for code, name in SECTORS]
    donor_rows_ = [{"id": f"org:bench{i:05d}", "name": f"Donor agency {i:05d}"}
                   for i in range(donors)]
    # A few donors fund most projects, as in real donor databases.
    donor_weights = 1.0 / np.arange(1, donors + 1) ** 1.1
    donor_weights /= donor_weights.sum()
    country_weights = rng.pareto(1.5, len(country_rows)) + 1
    country_weights /= country_weights.sum()
    currencies = list(CURRENCIES)
    project_rows, funds, in_country, in_sector = [], [], [], []
    for p in range(projects):
        start = int(rng.integers(1995, 2025))
        project_id = f"project:bench{p:06d}"
        project_rows.append({
            "id": project_id, "code": f"BEN/{p:06d}", "name": f"BEN/{p:06d}",
            "title": f"Project {p} on {SECTORS[p % len(SECTORS)][1]}",
            "status": "completed" if start + 4 < 2025 else "ongoing",
            "start_year": start, "end_year": start + int(rng.integers(1, 7)),
        })
        for c in rng.choice(len(country_rows), size=int(rng.choice([1, 1, 1, 2, 3])),
                            replace=False, p=country_weights):
            in_country.append({"id": f"inc:{p}:{c}", "start": project_id,
                               "end": country_rows[int(c)]["id"]})
        for s in rng.choice(len(sector_rows), size=int(rng.choice([1, 1, 2])), replace=False):
            in_sector.append({"id": f"ins:{p}:{s}", "start": project_id,
                              "end": sector_rows[int(s)]["id"]})
        for k, d in enumerate(rng.choice(donors, size=int(rng.integers(1, 5)), replace=False,
                                         p=donor_weights)):
            currency = currencies[int(rng.integers(0, len(currencies)))]
            amount = float(np.round(rng.lognormal(np.log(400_000), 1.3), 0))
            funds.append({
                "id": f"funds:{p}:{k}", "start": donor_rows_[int(d)]["id"], "end": project_id,
                "amount": amount, "currency": currency,
                "amount_usd": round(amount * CURRENCIES[currency], 2),
                "year": start + int(rng.integers(0, 3)), "kind": "contribution",
            })
    return {"Organization": donor_rows_, "Country": country_rows, "Sector": sector_rows,
            "Project": project_rows, "FUNDS": funds, "IN_COUNTRY": in_country,
            "IN_SECTOR": in_sector}


_NODES = """
UNWIND $rows AS row
CREATE (n:{label} {{id: row.id}})
SET n += row, n.classification = 'public', n.sources = []
"""
_RELS = """
UNWIND $rows AS row
MATCH (a:{start} {{id: row.start}})
MATCH (b:{end} {{id: row.end}})
CREATE (a)-[r:{rel}]->(b)
SET r += row, r.classification = 'public'
REMOVE r.start, r.end
"""
_REL_ENDS = {"FUNDS": ("Organization", "Project"), "IN_COUNTRY": ("Project", "Country"),
             "IN_SECTOR": ("Project", "Sector")}


def load_donor_rows(driver: neo4j.Driver, database: str,
                    data: dict[str, list[dict[str, Any]]]) -> None:
    """Write the donor data in UNWIND batches; funders get the Donor label."""
    for label in ("Organization", "Country", "Sector", "Project"):
        rows = data[label]
        for i in range(0, len(rows), BATCH):
            driver.execute_query(_NODES.format(label=label), rows=rows[i : i + BATCH],
                                 database_=database)
    for rel, (start, end) in _REL_ENDS.items():
        rows = data[rel]
        for i in range(0, len(rows), BATCH):
            driver.execute_query(_RELS.format(start=start, end=end, rel=rel),
                                 rows=rows[i : i + BATCH], database_=database)
    driver.execute_query("MATCH (o:Organization)-[:FUNDS]->() SET o:Donor", database_=database)


def trace_starts(driver: neo4j.Driver, database: str, typologies: Path, hops: int,
                 limit: int) -> list[str]:
    """Graph ids of entities ``hops`` transfers before a group on a planted chain that the
    trace finds (the chain may also have shorter ways to a group)."""
    chains = [t["entities"] for t in json.loads(typologies.read_text())
              if t["kind"] == "layering" and len(t["entities"]) - 1 >= hops]
    keys = [chain[len(chain) - 1 - hops] for chain in chains]
    records, _, _ = driver.execute_query(
        f"MATCH (n:{Label.ENTITY}) WHERE n.key IN $keys OR n.iban IN $keys "
        "RETURN coalesce(n.key, n.iban) AS key, n.id AS id",
        keys=keys, database_=database,
    )
    by_key = {r["key"]: r["id"] for r in records}
    text = flows_cypher.trace_query(hops, Label.TRAFFICKING_GROUP)
    starts: list[str] = []
    for start in dict.fromkeys(by_key[k] for k in keys if k in by_key):
        # Chains with a transfer in a currency without a USD rate carry no amount: skip them.
        found, _, _ = driver.execute_query(
            text, {"from": start, "min_amount": 0.0, "date_from": None, "date_to": None,
                   "first": 1, "restricted_ok": True}, database_=database)
        if found:
            starts.append(start)
        if len(starts) == limit:
            break
    return starts


async def _timed(call: Callable[[], Awaitable[int]]) -> tuple[float, int]:
    began = time.perf_counter()
    rows = await call()
    return time.perf_counter() - began, rows


async def measure(
    name: str,
    cases: list[tuple[Callable[[], Awaitable[int]], Callable[[], Awaitable[int]]]],
    rounds: int,
    warmup: int = 2,
) -> Timings:
    """Call each (api, cypher) pair ``rounds`` times, alternating which goes first."""
    timings = Timings(name, [], [])
    for api, raw in cases[:warmup]:
        await api()
        await raw()
    counts = []
    for r in range(rounds):
        for i, (api, raw) in enumerate(cases):
            order = [(api, timings.api), (raw, timings.cypher)]
            if (r + i) % 2:
                order.reverse()
            for call, into in order:
                seconds, rows = await _timed(call)
                into.append(seconds)
                counts.append(rows)
    timings.rows = int(statistics.median(counts)) if counts else 0
    print(timings.line(), flush=True)
    return timings


async def run_benchmarks(settings: Settings, uri: str, starts: dict[int, list[str]],
                         countries: list[str], rounds: int) -> list[Timings]:
    """Every case through the API and directly with the driver."""
    app = create_app(settings, neo4j_uri=uri)
    driver = open_async_driver(settings, uri)
    database = settings.neo4j_database
    timeout = settings.query_timeout_s
    headers = {"Authorization": f"Bearer {TOKEN}"}

    async def raw(query: str, /, **params: Any) -> int:
        records, _, _ = await driver.execute_query(
            neo4j.Query(query, timeout=timeout), {**params, "restricted_ok": True},
            database_=database, routing_=neo4j.RoutingControl.READ,
        )
        return len(records)

    results: list[Timings] = []
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://bench") as client:

            async def api(query: str, **variables: Any) -> int:
                response = await client.post("/graphql", headers=headers,
                                             json={"query": query, "variables": variables})
                body = response.json()
                if body.get("errors"):
                    raise RuntimeError(f"API error: {body['errors']}")
                data = next(iter(body["data"].values()))
                return len(data["paths"]) if isinstance(data, dict) else len(data)

            wfw = cypher("who_funds_what")
            base = {"by_donor": False, "by_country": True, "by_sector": True, "by_year": False,
                    "sector": None, "donor": None, "programme": None, "status": None,
                    "year_from": None, "year_to": None, "text": None}

            def funding_case(country: str | None) -> tuple[Any, Any]:
                return (lambda: api(WHO_FUNDS_WHAT, country=country),
                        lambda: raw(wfw, **base, country=country))

            results.append(await measure("whoFundsWhat country x sector, all",
                                         [funding_case(None)], rounds))
            results.append(await measure("whoFundsWhat country x sector, 1 country",
                                         [funding_case(c) for c in countries], max(1, rounds // 4)))
            check = cypher("entities")
            for hops in (3, 4):
                text = flows_cypher.trace_query(hops, Label.TRAFFICKING_GROUP)

                def trace_case(start: str, hops: int = hops, text: str = text) -> tuple[Any, Any]:
                    async def direct() -> int:
                        await raw(check, ids=[start])
                        return await raw(text, **{"from": start}, min_amount=0.0,
                                         date_from=None, date_to=None, first=10)
                    return (lambda: api(TRACE, **{"from": start, "hops": hops}), direct)

                cases = [trace_case(s) for s in starts[hops]]
                results.append(await measure(f"traceFlows {hops} hops", cases,
                                             max(1, rounds // max(1, len(cases) // 5))))
    await driver.close()
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--transfers", type=int, default=1_000_000)
    parser.add_argument("--entities", type=int, default=100_000)
    parser.add_argument("--donors", type=int, default=300)
    parser.add_argument("--projects", type=int, default=20_000)
    parser.add_argument("--countries", type=int, default=80)
    parser.add_argument("--rounds", type=int, default=30, help="calls per case and side")
    parser.add_argument("--starts", type=int, default=25, help="trace start entities per depth")
    parser.add_argument("--heap-mb", type=int, default=3072)
    parser.add_argument("--pagecache-mb", type=int, default=2048)
    parser.add_argument("--timeout-s", type=float, default=60.0)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="graphhub-api-bench-"))
    base = Settings.from_env()
    config = engine.EngineConfig(
        engine_dir=base.engine_dir, state_dir=work / "state", data_dir=work / "data",
        port=engine.free_port(), password=str(base.neo4j_password),
        heap_mb=args.heap_mb, pagecache_mb=args.pagecache_mb,
    )
    settings = replace(
        base, state_dir=work / "state", query_timeout_s=args.timeout_s,
        api_keys=(ApiKey(Secret(TOKEN), "fiu_analyst"),), audit_log=work / "audit.jsonl",
    )
    try:
        began = time.perf_counter()
        path = generate(work, args.transfers, args.entities, args.seed)
        print(f"generated the export in {time.perf_counter() - began:.0f} s", flush=True)
        state = engine.start(config)
        database = settings.neo4j_database
        with open_driver(settings, uri=state.uri) as driver:
            migrate(driver, database)
            began = time.perf_counter()
            run = load(driver, database, "fiu-transfers", [path], state_dir=work)
            print(f"bulk-loaded {run.edges['TRANSFER']:,} transfers, "
                  f"{sum(run.nodes.values()):,} entities in "
                  f"{time.perf_counter() - began:.0f} s", flush=True)
            rng = np.random.default_rng(args.seed)
            data = donor_rows(rng, args.donors, args.projects, args.countries)
            began = time.perf_counter()
            load_donor_rows(driver, database, data)
            print(f"loaded {len(data['Project']):,} projects, {len(data['FUNDS']):,} fundings, "
                  f"{len(data['Organization'])} donors, {len(data['Country'])} countries in "
                  f"{time.perf_counter() - began:.0f} s", flush=True)
            typologies = Path(f"{path}.typologies.json")
            starts = {h: trace_starts(driver, database, typologies, h, args.starts)
                      for h in (3, 4)}
            counts, _, _ = driver.execute_query(
                "MATCH (n:Entity) WITH count(n) AS entities "
                "MATCH ()-[t:TRANSFER]->() RETURN entities, count(t) AS transfers",
                database_=database,
            )
        countries = [row["iso3"] for row in data["Country"][:8]]
        print(f"graph: {counts[0]['entities']:,} entities, {counts[0]['transfers']:,} transfers; "
              f"trace starts: {len(starts[3])} at 3 hops, {len(starts[4])} at 4 hops", flush=True)
        results = asyncio.run(run_benchmarks(settings, state.uri, starts, countries, args.rounds))
        print(json.dumps({
            "entities": counts[0]["entities"], "transfers": counts[0]["transfers"],
            "projects": len(data["Project"]), "fundings": len(data["FUNDS"]),
            **{t.name: t.figures() for t in results},
        }))
    finally:
        engine.stop(config.state_dir)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
