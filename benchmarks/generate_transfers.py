"""Write a synthetic FIU transfer export of any size, with planted laundering typologies.

    python benchmarks/generate_transfers.py --transfers 1000000 --entities 100000 --seed 1 \
        -o transfers.csv

Parties are persons, companies, bare accounts and a few trafficking groups; how often
a party sends or receives follows a power law. Planted on top of the background
traffic: fan-in (many senders, one receiver, a few days), fan-out, cycles (money
returning to its origin minus small fees) and layering chains that end at a
trafficking group. The planted patterns are written beside the CSV as
``<output>.typologies.json`` so detection can be checked against them. The same
seed always gives the same files.
"""

from __future__ import annotations

import argparse
import json
import string
import time
from pathlib import Path

import numpy as np
import pandas as pd

COUNTRIES = np.array(["KAZ", "KGZ", "TJK", "UZB", "TKM", "AFG", "IRN", "PAK", "RUS", "TUR", "ARE"])
COUNTRY_WEIGHTS = np.array([14, 10, 10, 14, 4, 10, 6, 8, 14, 6, 4], dtype=float)
IBAN_PREFIX = {
    "KAZ": "KZ",
    "KGZ": "KG",
    "TJK": "TJ",
    "UZB": "UZ",
    "TKM": "TM",
    "AFG": "AF",
    "IRN": "IR",
    "PAK": "PK",
    "RUS": "RU",
    "TUR": "TR",
    "ARE": "AE",
}
CURRENCY = {
    "KAZ": "KZT",
    "KGZ": "KGS",
    "TJK": "TJS",
    "UZB": "UZS",
    "TKM": "TMT",
    "AFG": "AFN",
    "IRN": "IRR",
    "PAK": "PKR",
    "RUS": "RUB",
    "TUR": "TRY",
    "ARE": "USD",
}
FIUS = np.array(["FIU-KZ", "FIU-KG", "FIU-TJ", "FIU-UZ", "FIU-RU"])
SYLLABLES = np.array(
    [
        "ka",
        "ri",
        "mo",
        "da",
        "na",
        "se",
        "lo",
        "ru",
        "zi",
        "ba",
        "te",
        "vo",
        "gu",
        "la",
        "mi",
        "sha",
        "ro",
        "ny",
        "al",
        "ek",
        "bo",
        "ta",
    ]
)
COMPANY_FORMS = np.array(["LLP", "LLC", "Ltd", "JSC", "Trading", "Logistics", "Holding"])
GROUP_NAMES = ("Northern Route", "Pamir Brothers", "Fergana Line", "Caspian Ring", "Black Road")
START = np.datetime64("2019-01-01")
DAYS = 5 * 365
HEADER = [
    "sender_name",
    "sender_type",
    "sender_id",
    "sender_account",
    "sender_country",
    "receiver_name",
    "receiver_type",
    "receiver_id",
    "receiver_account",
    "receiver_country",
    "amount",
    "currency",
    "date",
    "reference",
    "reporting_fiu",
]


def _names(rng: np.random.Generator, count: int, words: int) -> np.ndarray:
    """Pronounceable made-up names: words of two or three syllables."""
    parts = []
    for _ in range(words):
        size = rng.integers(2, 4, count)
        picks = rng.integers(0, len(SYLLABLES), (count, 3))
        word = pd.Series(SYLLABLES[picks[:, 0]]) + SYLLABLES[picks[:, 1]]
        word = word.where(size == 2, word + SYLLABLES[picks[:, 2]])
        parts.append(word.str.capitalize())
    out = parts[0]
    for part in parts[1:]:
        out = out + " " + part
    return np.asarray(out.to_numpy(), dtype=object)


def _ibans(rng: np.random.Generator, countries: np.ndarray) -> np.ndarray:
    """IBAN-shaped account numbers with valid mod-97 check digits."""
    body = rng.integers(0, 10, (len(countries), 16))
    digits = ["".join(map(str, row)) for row in body]
    out = []
    for iso3, bban in zip(countries, digits, strict=True):
        prefix = IBAN_PREFIX[iso3]
        numeric = bban + "".join(str(string.ascii_uppercase.index(c) + 10) for c in prefix) + "00"
        check = 98 - int(numeric) % 97
        out.append(f"{prefix}{check:02d}{bban}")
    return np.array(out)


def make_entities(rng: np.random.Generator, count: int) -> pd.DataFrame:
    """Persons (60%), companies (30%), bare accounts (10%) and a handful of groups."""
    groups = min(len(GROUP_NAMES), max(1, count // 20_000 + 1))
    kinds = rng.choice(["person", "company", "account"], size=count, p=[0.6, 0.3, 0.1])
    kinds[:groups] = "group"
    country = rng.choice(COUNTRIES, size=count, p=COUNTRY_WEIGHTS / COUNTRY_WEIGHTS.sum())
    names = _names(rng, count, 2)
    company = kinds == "company"
    forms = rng.choice(COMPANY_FORMS, size=int(company.sum()))
    names[company] = (
        pd.Series(_names(rng, int(company.sum()), 1)) + " " + pd.Series(forms)
    ).to_numpy()
    names[:groups] = np.array(GROUP_NAMES[:groups])
    accounts = _ibans(rng, country)
    accounts[:groups] = ""
    prefix = pd.Series(kinds).map({"person": "P", "company": "C", "account": "A", "group": "G"})
    ids = (prefix + pd.Series(np.arange(count)).astype(str).str.zfill(7)).to_numpy()
    bare = kinds == "account"
    names[bare] = ""
    ids[bare] = ""
    return pd.DataFrame(
        {"name": names, "type": kinds, "id": ids, "account": accounts, "country": country}
    )


def _amounts(rng: np.random.Generator, size: int, median: float = 2_000.0) -> np.ndarray:
    return np.round(rng.lognormal(np.log(median), 1.2, size), 2)


def make_transfers(
    rng: np.random.Generator, entities: pd.DataFrame, count: int
) -> tuple[pd.DataFrame, list[dict[str, object]]]:
    """Background traffic with power-law activity, plus planted typologies."""
    groups = np.flatnonzero(entities["type"].to_numpy() == "group")
    ordinary = np.flatnonzero(entities["type"].to_numpy() != "group")
    weights = 1.0 / np.arange(1, len(ordinary) + 1) ** 0.9
    weights /= weights.sum()
    activity = rng.permutation(ordinary)  # who is busiest is random, how busy is a power law
    planted_share = max(0, min(count // 20, 50_000))
    background = count - planted_share
    senders = activity[rng.choice(len(ordinary), size=background, p=weights)]
    receivers = activity[rng.choice(len(ordinary), size=background, p=weights)]
    same = senders == receivers
    receivers[same] = ordinary[(np.searchsorted(ordinary, receivers[same]) + 1) % len(ordinary)]
    days = rng.integers(0, DAYS, background)
    amounts = _amounts(rng, background)
    typologies: list[dict[str, object]] = []
    extra_s: list[int] = []
    extra_r: list[int] = []
    extra_d: list[int] = []
    extra_a: list[float] = []

    def plant(kind: str, path: list[int], day0: int, amounts_: list[float]) -> None:
        for i in range(len(path) - 1):
            extra_s.append(path[i])
            extra_r.append(path[i + 1])
            extra_d.append(day0 + i)
            extra_a.append(amounts_[i])
        typologies.append({"kind": kind, "entities": path, "day": day0})

    budget = planted_share
    while budget > 0:
        kind = rng.choice(["fan_in", "fan_out", "cycle", "layering"])
        day0 = int(rng.integers(0, DAYS - 30))
        if kind in ("fan_in", "fan_out"):
            hub = int(rng.choice(ordinary))
            spokes = [int(x) for x in rng.choice(ordinary, size=int(rng.integers(8, 25)))]
            spokes = [s for s in spokes if s != hub]
            for k, spoke in enumerate(spokes):
                pair = (spoke, hub) if kind == "fan_in" else (hub, spoke)
                extra_s.append(pair[0])
                extra_r.append(pair[1])
                extra_d.append(day0 + k % 4)
                extra_a.append(float(np.round(rng.uniform(8_000, 9_900), 2)))  # under a threshold
            typologies.append({"kind": kind, "hub": hub, "spokes": spokes, "day": day0})
            budget -= len(spokes)
        else:
            length = int(rng.integers(3, 7))
            path = [int(x) for x in rng.choice(ordinary, size=length, replace=False)]
            start = float(np.round(rng.uniform(50_000, 500_000), 2))
            fees = np.cumprod(rng.uniform(0.95, 0.99, length))
            steps = [float(np.round(start * f, 2)) for f in fees]
            if kind == "cycle":
                path.append(path[0])
            elif len(groups):
                path.append(int(rng.choice(groups)))
            plant(str(kind), path, day0, steps)
            budget -= len(path) - 1
    senders = np.concatenate([senders, np.array(extra_s, dtype=int)])
    receivers = np.concatenate([receivers, np.array(extra_r, dtype=int)])
    days = np.concatenate([days, np.array(extra_d, dtype=int)])
    amounts = np.concatenate([amounts, np.array(extra_a)])
    order = rng.permutation(len(senders))[:count] if len(senders) > count else np.arange(count)
    senders, receivers, days, amounts = (
        senders[order],
        receivers[order],
        days[order],
        amounts[order],
    )

    s = entities.iloc[senders].reset_index(drop=True)
    r = entities.iloc[receivers].reset_index(drop=True)
    currency = s["country"].map(CURRENCY)
    use_usd = rng.random(len(s)) < 0.35
    currency = currency.where(~use_usd, "USD")
    frame = pd.DataFrame(
        {
            **{f"sender_{c}": s[c] for c in ("name", "type", "id", "account", "country")},
            **{f"receiver_{c}": r[c] for c in ("name", "type", "id", "account", "country")},
            "amount": amounts,
            "currency": currency,
            "date": (START + days.astype("timedelta64[D]")).astype(str),
            "reference": "TX" + pd.Series(rng.integers(0, 10**9, len(s))).astype(str),
            "reporting_fiu": rng.choice(FIUS, size=len(s)),
        }
    )
    frame.loc[frame["sender_type"] == "group", "sender_account"] = ""
    ids = entities["id"].where(entities["id"] != "", entities["account"]).to_numpy()
    for t in typologies:
        for key in ("entities", "spokes"):
            if key in t:
                t[key] = [str(ids[i]) for i in t[key]]  # type: ignore[attr-defined]
        if "hub" in t:
            t["hub"] = str(ids[int(t["hub"])])  # type: ignore[call-overload]
    return frame[HEADER], typologies


def generate(transfers: int, entities: int, seed: int, output: Path) -> dict[str, object]:
    """Write the CSV and its typologies file; return counts and timings."""
    rng = np.random.default_rng(seed)
    began = time.perf_counter()
    parties = make_entities(rng, entities)
    frame, typologies = make_transfers(rng, parties, transfers)
    frame.to_csv(output, index=False)
    Path(f"{output}.typologies.json").write_text(json.dumps(typologies, indent=1) + "\n")
    return {
        "transfers": len(frame),
        "entities": entities,
        "typologies": len(typologies),
        "seconds": round(time.perf_counter() - began, 2),
        "output": str(output),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--transfers", type=int, default=100_000)
    parser.add_argument("--entities", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("-o", "--output", type=Path, required=True)
    args = parser.parse_args()
    print(json.dumps(generate(args.transfers, args.entities, args.seed, args.output)))


if __name__ == "__main__":
    main()
