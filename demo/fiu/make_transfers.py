"""Write demo/fiu/transfers.csv: a small FIU export around the demo reports' money chain.

    .venv/bin/python demo/fiu/make_transfers.py

The flows the three demo FIU notes describe (Marat Iskakov -> Nomad Fruit LLP ->
Pamir Transit LLC / Emerald Gate General Trading FZE -> the Khorog group) are
written as stated, among some 190 made-up background transfers between invented
traders, hauliers and persons in 2012-2014. A fixed seed gives the same file.
"""

from __future__ import annotations

import csv
import random
from datetime import date, timedelta
from pathlib import Path

OUTPUT = Path(__file__).with_name("transfers.csv")
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

# name, type, account, country: the parties of the demo FIU notes.
MARAT = ("Marat Iskakov", "person", "", "KAZ")
NOMAD = ("Nomad Fruit LLP", "company", "KZ86 9470 3981 0041 2207", "KAZ")
PAMIR = ("Pamir Transit LLC", "company", "TJ52 3500 0000 0101 8832", "TJK")
EMERALD = ("Emerald Gate General Trading FZE", "company", "AE61 0400 0000 8834 5512 001", "ARE")
SHAVKAT = ("Shavkat Davlatov", "person", "", "TJK")
AIBEK = ("Aibek Sultanov", "person", "", "KGZ")

STATED = [
    (MARAT, NOMAD, "14800000", "KZT", "2012-04-03", "loan to the company", "FMC Kazakhstan"),
    (NOMAD, PAMIR, "97000", "USD", "2012-04-11", "transport services", "FMC Kazakhstan"),
    (PAMIR, SHAVKAT, "60000", "USD", "2012-04-20", "purchase of trucks", "FMD Tajikistan"),
    (NOMAD, EMERALD, "142000", "USD", "2012-05-25", "dried fruit", "FMC Kazakhstan"),
    (EMERALD, AIBEK, "85000", "USD", "2012-06-06", "consulting", "FIU UAE"),
    (EMERALD, PAMIR, "40000", "USD", "2012-07-01", "freight", "FIU UAE"),
]

TRADERS = [
    ("Almaty Dried Goods LLP", "company", "KAZ", "KZT"),
    ("Steppe Logistics LLP", "company", "KAZ", "KZT"),
    ("Osh Bazaar Trade LLC", "company", "KGZ", "KGS"),
    ("Batken Agro LLC", "company", "KGZ", "KGS"),
    ("Khujand Cotton LLC", "company", "TJK", "TJS"),
    ("Dushanbe Motors LLC", "company", "TJK", "TJS"),
    ("Fergana Textile JSC", "company", "UZB", "USD"),
    ("Jebel Ali Commodities FZE", "company", "ARE", "USD"),
    ("Ruslan Abenov", "person", "KAZ", "KZT"),
    ("Dilnoza Yusupova", "person", "UZB", "USD"),
    ("Timur Nazarov", "person", "TJK", "TJS"),
    ("Elmira Toktogulova", "person", "KGZ", "KGS"),
]
IBAN_PREFIX = {"KAZ": "KZ", "KGZ": "KG", "TJK": "TJ", "UZB": "UZ", "ARE": "AE"}
FIUS = {"KAZ": "FMC Kazakhstan", "KGZ": "FIS Kyrgyzstan", "TJK": "FMD Tajikistan"}


def _account(rng: random.Random, country: str) -> str:
    digits = "".join(rng.choice("0123456789") for _ in range(18))
    return f"{IBAN_PREFIX[country]}{rng.randint(10, 99)}{digits}"


def rows(background: int = 194, seed: int = 2012) -> list[list[str]]:
    """The stated flows, then ``background`` invented ones, sorted by date."""
    rng = random.Random(seed)
    accounts = {name: _account(rng, country) for name, _, country, _ in TRADERS}
    out = [
        [s[0], s[1], "", s[2], s[3], r[0], r[1], "", r[2], r[3], amount, cur, day, ref, fiu]
        for s, r, amount, cur, day, ref, fiu in STATED
    ]
    start = date(2012, 1, 1)
    for number in range(background):
        sender, receiver = rng.sample(TRADERS, 2)
        currency = sender[3]
        scale = {"KZT": 150.0, "KGS": 47.0, "TJS": 4.8}.get(currency, 1.0)
        amount = round(rng.lognormvariate(8.5, 0.9) * scale, 2)
        day = start + timedelta(days=rng.randrange(3 * 365))
        out.append(
            [
                sender[0],
                sender[1],
                "",
                accounts[sender[0]],
                sender[2],
                receiver[0],
                receiver[1],
                "",
                accounts[receiver[0]],
                receiver[2],
                f"{amount:.2f}",
                currency,
                day.isoformat(),
                f"TR{2012000 + number}",
                FIUS.get(sender[2], "FMC Kazakhstan"),
            ]
        )
    return sorted(out, key=lambda row: row[12])


def main() -> None:
    with OUTPUT.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        writer.writerows(rows())
    print(f"wrote {OUTPUT}")


if __name__ == "__main__":
    main()
