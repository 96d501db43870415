"""The cost of per-value classification on API reads, against the code before it, in one run.

    python benchmarks/restricted_values.py                  # baseline: git ref f35fcb1
    python benchmarks/restricted_values.py --baseline <ref> --rounds 5 --persons 20000

Builds one graph in a fresh local Neo4j (donors, projects, fundings, countries and
sectors; persons and companies, a quarter of them public nodes with a restricted layer:
``restricted_aliases`` and ``restricted_props``), then measures the same API calls with
this tree's code and with the baseline's (checked out in a temporary worktree), each in
a process of its own, alternating A, B, B, A ... so that both see the same machine and
neither always finds the caches the other warmed. The calls go through the app in
process (httpx over ASGI) as a partner and as an FIU analyst: whoFundsWhat over
everything, a page of 200 projects with their sources, searchEntities, and entity(id)
for 50 persons. It prints the median of each call per
side, and the ratio this tree / baseline with its spread over the rounds.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
KEYS = {"partner": "bench-partner-key", "fiu_analyst": "bench-analyst-key"}
BATCH = 10_000

WHO_FUNDS_WHAT = """{ whoFundsWhat(groupBy: [COUNTRY, SECTOR]) {
  country { iso3 name } sector { name } amountUsd fundingCount donorCount } }"""
PROJECTS = """{ projects(first: 200) { totalCount nodes { code title totalUsd
  sources { document { title } } fundings { amountUsd donor { name } } } } }"""
SEARCH = """query($text: String!) { searchEntities(text: $text, fuzzy: true) {
  score node { id name ... on Entity { aliases nationality } } } }"""
ENTITY = """query($id: ID!) { entity(id: $id) { id name aliases nationality birthDate } }"""

_NODES = """
UNWIND $rows AS row
CREATE (n:Entity:Person)
SET n = row
"""
_DONOR_DATA = """
UNWIND range(0, $countries - 1) AS c
CREATE (:Country {id: 'country:' + c, iso3: 'C' + right('0' + c, 2), name: 'Country ' + c,
                  classification: 'public', sources: ['doc:bench']})
WITH count(*) AS _
UNWIND range(0, $sectors - 1) AS s
CREATE (:Sector {id: 'sector:' + s, name: 'Sector ' + s, code: toString(10000 + s),
                 classification: 'public', sources: ['doc:bench']})
WITH count(*) AS _
UNWIND range(0, $donors - 1) AS d
CREATE (:Organization:Donor {id: 'org:' + d, name: 'Donor ' + d, classification: 'public',
                             sources: ['doc:bench']})
"""
_PROJECTS = """
UNWIND $rows AS row
MATCH (c:Country {id: row.country}), (s:Sector {id: row.sector}), (o:Organization {id: row.donor})
CREATE (p:Project {id: row.id, code: row.code, title: row.title, classification: 'public',
                   sources: ['doc:bench']})
CREATE (p)-[:IN_COUNTRY {id: row.id + ':c', classification: 'public'}]->(c)
CREATE (p)-[:IN_SECTOR {id: row.id + ':s', classification: 'public'}]->(s)
CREATE (o)-[:FUNDS {id: row.id + ':f', amount: row.amount, currency: 'USD',
                    amount_usd: row.amount, year: row.year, kind: 'commitment',
                    classification: 'public', sources: ['doc:bench']}]->(p)
WITH p
MATCH (d:Document {id: 'doc:bench'})
CREATE (d)-[:MENTIONS {start: 0, end: 10, sentence: 'A project.', method: 'bench',
                       classification: 'public'}]->(p)
"""


def _persons(count: int, seed: int) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    first = ["Tamerlan", "Aigerim", "Farrukh", "Dilnoza", "Rustam", "Madina", "Timur", "Zarina"]
    last = ["Bekov", "Nazarova", "Karimov", "Saidova", "Usmonov", "Abdulova", "Orlov", "Ivanova"]
    rows = []
    for i in range(count):
        name = f"{rng.choice(first)} {rng.choice(last)} {i}"
        row: dict[str, Any] = {
            "id": f"person:{i:08d}", "name": name, "aliases": [f"{name.split()[0][0]}. {i}"],
            "classification": "public", "sources": ["doc:bench"], "birth_date": "1970-01-01",
        }
        if i % 4 == 0:
            row["restricted_aliases"] = [f"Alias {i}", f"Other name {i}"]
            row["restricted_props"] = json.dumps({"nationality": "KAZ", "passport": f"N{i}"})
        rows.append(row)
    return rows


def build(uri: str, settings: Any, args: argparse.Namespace) -> None:
    from graphhub.db.driver import open_driver
    from graphhub.db.schema import migrate

    with open_driver(settings, uri) as driver:
        database = settings.neo4j_database
        migrate(driver, database)
        driver.execute_query(
            "CREATE (:Document {id: 'doc:bench', title: 'Bench', kind: 'txt', "
            "classification: 'public', current: true})", database_=database)
        driver.execute_query(_DONOR_DATA, countries=args.countries, sectors=args.sectors,
                             donors=args.donors, database_=database)
        rng = random.Random(args.seed)
        projects = [
            {"id": f"project:{i}", "code": f"P/{i:05d}", "title": f"Project {i}",
             "country": f"country:{rng.randrange(args.countries)}",
             "sector": f"sector:{rng.randrange(args.sectors)}",
             "donor": f"org:{rng.randrange(args.donors)}",
             "amount": float(rng.randrange(10_000, 5_000_000)), "year": rng.randrange(2005, 2021)}
            for i in range(args.projects)
        ]
        for i in range(0, len(projects), BATCH):
            driver.execute_query(_PROJECTS, rows=projects[i : i + BATCH], database_=database)
        persons = _persons(args.persons, args.seed)
        for i in range(0, len(persons), BATCH):
            driver.execute_query(_NODES, rows=persons[i : i + BATCH], database_=database)
        driver.execute_query("CALL db.awaitIndexes(300)", database_=database)


async def _measure(uri: str, rounds: int, persons: int) -> dict[str, float]:
    """Median seconds per call, per case, with this process's code."""
    import httpx
    from starlette.datastructures import Secret

    from graphhub.api.app import create_app
    from graphhub.config import ApiKey, Settings

    settings = Settings.from_env()
    keys = tuple(ApiKey(Secret(token), role) for role, token in KEYS.items())  # type: ignore[arg-type]
    settings = replace(settings, api_keys=keys, audit_log=Path(tempfile.mkdtemp()) / "a.jsonl")
    app = create_app(settings, neo4j_uri=uri)
    rng = random.Random(7)
    ids = [f"person:{rng.randrange(persons):08d}" for _ in range(50)]
    cases: list[tuple[str, str, str, dict[str, Any]]] = []
    for role in KEYS:
        cases += [
            (f"whoFundsWhat all, {role}", role, WHO_FUNDS_WHAT, {}),
            (f"projects first 200, {role}", role, PROJECTS, {}),
            (f"searchEntities, {role}", role, SEARCH, {"text": "Tamerlan Bekov"}),
            (f"entity x50, {role}", role, ENTITY, {}),
        ]
    out: dict[str, list[float]] = {name: [] for name, *_ in cases}
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://bench",
                                     timeout=120) as client:

            async def call(role: str, query: str, variables: dict[str, Any]) -> None:
                response = await client.post(
                    "/graphql", json={"query": query, "variables": variables},
                    headers={"Authorization": f"Bearer {KEYS[role]}"})
                body = response.json()
                if body.get("errors"):
                    raise RuntimeError(str(body["errors"])[:300])

            for round_no in range(rounds + 1):  # the first round warms up
                for name, role, query, variables in cases:
                    began = time.perf_counter()
                    if name.startswith("entity"):
                        for entity_id in ids:
                            await call(role, query, {"id": entity_id})
                    else:
                        await call(role, query, variables)
                    if round_no:
                        out[name].append(time.perf_counter() - began)
    return {name: statistics.median(values) for name, values in out.items()}


def _child(tree: Path, uri: str, rounds: int, persons: int) -> dict[str, float]:
    env_code = (
        "import asyncio, json, sys; sys.path.insert(0, sys.argv[1]);"
        "sys.path.insert(1, sys.argv[2]);"
        "import restricted_values as b;"
        "result = b._measure(sys.argv[3], int(sys.argv[4]), int(sys.argv[5]));"
        "print(json.dumps(asyncio.run(result)))"
    )
    done = subprocess.run(
        [sys.executable, "-c", env_code, str(tree), str(ROOT / "benchmarks"), uri, str(rounds),
         str(persons)],
        capture_output=True, text=True, check=True, cwd=tree,
    )
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--baseline", default="f35fcb1", help="git ref of the code before")
    parser.add_argument("--candidate", default=None,
                        help="git ref to compare with the baseline (default: this tree)")
    parser.add_argument("--persons", type=int, default=20_000)
    parser.add_argument("--projects", type=int, default=5_000)
    parser.add_argument("--donors", type=int, default=300)
    parser.add_argument("--countries", type=int, default=60)
    parser.add_argument("--sectors", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=5, help="calls per case in each process")
    parser.add_argument("--repeats", type=int, default=3, help="processes per side")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    from graphhub.config import Settings
    from graphhub.db import engine

    settings = Settings.from_env()
    baseline = Path(tempfile.mkdtemp(prefix="graphhub-baseline-")) / "tree"
    subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", str(baseline),
                    args.baseline], check=True, capture_output=True)
    candidate = ROOT
    if args.candidate:
        candidate = Path(tempfile.mkdtemp(prefix="graphhub-candidate-")) / "tree"
        subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", str(candidate),
                        args.candidate], check=True, capture_output=True)
    try:
        with engine.throwaway(settings.engine_dir, str(settings.neo4j_password),
                              heap_mb=2048) as state:
            began = time.perf_counter()
            build(state.uri, settings, args)
            took = time.perf_counter() - began
            print(f"graph: {args.persons:,} persons ({args.persons // 4:,} with a restricted "
                  f"layer), {args.projects:,} projects, built in {took:.0f} s")
            sides: dict[str, list[dict[str, float]]] = {"baseline": [], "this tree": []}
            for repeat in range(args.repeats):
                # Which side goes first alternates: the second of a pair finds warmer caches.
                order = [("baseline", baseline), ("this tree", candidate)]
                for side, tree in order if repeat % 2 == 0 else order[::-1]:
                    sides[side].append(_child(tree, state.uri, args.rounds, args.persons))
    finally:
        for tree in {baseline, candidate} - {ROOT}:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(tree)],
                           check=False, capture_output=True)
    print(f"{'case':32s} {'baseline ms':>12s} {'this tree ms':>13s} {'ratio':>7s} {'spread':>13s}")
    for name in sides["baseline"][0]:
        base = [run[name] for run in sides["baseline"]]
        new = [run[name] for run in sides["this tree"]]
        ratios = [n / b for n, b in zip(new, base, strict=True)]
        print(f"{name:32s} {statistics.median(base) * 1000:12.1f} "
              f"{statistics.median(new) * 1000:13.1f} {statistics.median(ratios):7.2f} "
              f"{min(ratios):6.2f}-{max(ratios):.2f}")


if __name__ == "__main__":
    main()
