"""Tests of the FIU transfer reader and of the synthetic export generator."""

from __future__ import annotations

import importlib.util
import itertools
import json
import sys
from pathlib import Path
from types import ModuleType

import pandas as pd
import pytest

from graphhub.model import RESTRICTED, Label, RelType
from ingestion.errors import ReadError
from ingestion.sources.fiu_transfers import read_transfers

ROOT = Path(__file__).resolve().parents[3]

HEADER = (
    "originator_name,originator_type,originator_id,originator_iban,originator_country,"
    "beneficiary_name,beneficiary_type,beneficiary_id,beneficiary_iban,beneficiary_country,"
    "Amount,CCY,Value Date,Ref,Reporting FIU\n"
)
ROWS = [
    "Ivan Petrov,person,P1,KZ12 3456,KZ,Fergana Line,group,G1,,UZB,"
    "9500.00,USD,2021-03-04,R1,FIU-KZ",
    "Ivan Petrov,person,P1,KZ123456,Kazakhstan,Aral Trade LLP,company,C7,KG99,KGZ,"
    '"1,200.50",kgs,2021-03-05,R2,FIU-KZ',
    "Ivan Petrov,person,P1,,KAZ,Aral Trade LLP,company,C7,,KGZ,12;3,USD,2021-03-06,R3,FIU-KZ",
    "Ivan Petrov,person,P1,,KAZ,Aral Trade LLP,company,C7,,KGZ,100,ZZZ,2021-03-06,R4,FIU-KZ",
    "Ivan Petrov,person,P1,,KAZ,Aral Trade LLP,company,C7,,KGZ,100,USD,2021-02-30,R5,FIU-KZ",
    ",,,,,Aral Trade LLP,company,C7,,KGZ,100,USD,2021-03-07,R6,FIU-KZ",
    "Ivan Petrov,wizard,P1,,KAZ,Aral Trade LLP,company,C7,,KGZ,100,USD,2021-03-07,R7,FIU-KZ",
    ",,,TJ55 0001,TJK,Ivan Petrov,person,P1,,KAZ,-5,USD,2021-03-08,R8,FIU-TJ",
    ",,,TJ550001,TJK,Ivan Petrov,person,P1,,KAZ,250,EUR,2021-03-08T10:15:00,R9,FIU-TJ",
]


def _write(tmp_path: Path, rows: list[str], name: str = "transfers.csv") -> Path:
    path = tmp_path / name
    path.write_text(HEADER + "\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_header_variants_validation_and_row_numbers(tmp_path: Path) -> None:
    chunks = list(read_transfers(_write(tmp_path, ROWS), chunk_rows=4))
    assert [c.rows_read for c in chunks] == [4, 4, 1]
    valid = pd.concat([c.frame for c in chunks])
    assert valid["row"].tolist() == [2, 3, 10]
    errors = {e.row: e for c in chunks for e in c.errors}
    assert {row: e.field for row, e in errors.items()} == {
        4: "amount",
        5: "currency",
        6: "date",
        7: "sender_name",
        8: "sender_type",
        9: "amount",
    }
    assert "'12;3'" in str(errors[4]) and str(errors[4]).startswith(str(tmp_path))
    assert "positive" in str(errors[9])

    first = valid.iloc[0]
    assert first["amount"] == 9500.0 and first["amount_usd"] == 9500.0
    assert first["sender_account"] == "KZ123456" and first["sender_country"] == "KAZ"
    second = valid.iloc[1]
    assert second["amount"] == 1200.5 and second["currency"] == "KGS"
    assert second["amount_usd"] == pytest.approx(1200.5 / 73.65, rel=0.2)
    # The same person under two spellings of the country is one party.
    assert first["sender_ref"] == second["sender_ref"]
    last = valid.iloc[2]
    assert last["sender_label"] == "BankAccount" and last["date"] == "2021-03-08"


def test_chunk_becomes_restricted_records(tmp_path: Path) -> None:
    (chunk,) = list(read_transfers(_write(tmp_path, ROWS)))
    extraction = chunk.to_extraction()
    assert extraction.doc_id == chunk.doc_id
    assert all(n.classification == RESTRICTED for n in extraction.nodes)
    transfers = [e for e in extraction.edges if e.type is RelType.TRANSFER]
    assert len(transfers) == 3
    assert transfers[0].evidence[0].locator == "row 2"
    assert transfers[0].evidence[0].method == "fiu:row"
    assert "Ivan Petrov" in transfers[0].evidence[0].sentence
    labels = {n.name: n.label for n in extraction.nodes}
    assert labels["Fergana Line"] is Label.TRAFFICKING_GROUP
    assert labels["Aral Trade LLP"] is Label.COMPANY
    holds = [e for e in extraction.edges if e.type is RelType.HOLDS]
    # Ivan Petrov holds KZ123456 (said twice, stated once); Aral Trade holds KG99.
    assert len(holds) == 2
    rows = chunk.transfer_rows()
    assert rows[0]["id"].startswith("transfer:") and rows[0]["start"] == transfers[0].start
    assert len({r["ref"] for r in chunk.entity_rows()}) == 4


def test_whole_file_problems(tmp_path: Path) -> None:
    other = tmp_path / "other.csv"
    other.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(ReadError, match="not an FIU transfer export"):
        list(read_transfers(other))
    empty = tmp_path / "empty.csv"
    empty.write_text("", encoding="utf-8")
    with pytest.raises(ReadError, match="empty"):
        list(read_transfers(empty))


def _generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "generate_transfers", ROOT / "benchmarks" / "generate_transfers.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_generated_export_is_deterministic_and_reads_cleanly(tmp_path: Path) -> None:
    generate = _generator().generate
    one, two = tmp_path / "one.csv", tmp_path / "two.csv"
    generate(20_000, 2_000, 7, one)
    generate(20_000, 2_000, 7, two)
    assert one.read_bytes() == two.read_bytes()
    chunks = list(read_transfers(one, chunk_rows=5_000))
    assert sum(len(c) for c in chunks) == 20_000
    assert not [e for c in chunks for e in c.errors]

    frame = pd.concat([c.frame for c in chunks])
    typologies = json.loads(Path(f"{one}.typologies.json").read_text())
    kinds = {t["kind"] for t in typologies}
    assert kinds == {"fan_in", "fan_out", "cycle", "layering"}
    # Every planted chain is present, edge by edge, and layering ends at a group.
    keys = set(zip(frame["sender_key"], frame["receiver_key"], strict=True))
    for plan in typologies:
        if plan["kind"] in ("cycle", "layering"):
            path = plan["entities"]
            assert all((a, b) in keys for a, b in itertools.pairwise(path))
            if plan["kind"] == "cycle":
                assert path[0] == path[-1]
            else:
                assert path[-1].startswith("G")
    # Activity is heavy-tailed: the busiest sender sends far more than the median one.
    counts = frame["sender_key"].value_counts()
    assert counts.iloc[0] > 10 * counts.median()


OTHER_HEADERS = (
    "Auftraggeber,Art A,Konto A,Empfänger,Art E,Betrag,Währung,Buchungstag,Verwendungszweck\n"
    "Orsolya Danek,person,HU42 1177 3016,Kestrel Freight Kft,company,4800,EUR,2022-06-01,INV 9\n"
    "Orsolya Danek,person,HU42 1177 3016,Kestrel Freight Kft,company,,EUR,2022-06-02,INV 10\n"
)
OTHER_MAPPING = """\
columns:
  Auftraggeber: sender_name
  Art A: sender_type
  Konto A: sender_account
  Empfänger: receiver_name
  Art E: receiver_type
  Betrag: amount
  Währung: currency
  Buchungstag: date
  Verwendungszweck: reference
"""


def test_a_mapping_reads_an_export_with_other_headers(tmp_path: Path) -> None:
    from ingestion.sources.fiu_transfers import export_id, load_mapping

    path = tmp_path / "umsaetze.csv"
    path.write_text(OTHER_HEADERS, encoding="utf-8")
    with pytest.raises(ReadError, match="no amount, currency, date column"):
        list(read_transfers(path))
    mapping_file = tmp_path / "mapping.yaml"
    mapping_file.write_text(OTHER_MAPPING, encoding="utf-8")
    mapping = load_mapping(mapping_file)
    (chunk,) = list(read_transfers(path, column_mapping=mapping))
    assert [(e.row, e.field) for e in chunk.errors] == [(3, "amount")]
    (row,) = chunk.frame.to_dict("records")
    assert (row["sender_name"], row["receiver_name"]) == ("Orsolya Danek", "Kestrel Freight Kft")
    assert (row["amount"], row["currency"], row["date"]) == (4800.0, "EUR", "2022-06-01")
    assert row["sender_account"] == "HU4211773016" and row["reference"] == "INV 9"
    # Read with a mapping, the export is another document than read without one.
    assert chunk.doc_id == export_id(path, mapping) != export_id(path)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("columns:\n  Betrag: summe\n", "mapped to unknown column 'summe'"),
        ("columns:\n  Betrag: amount\ndefaults:\n  currency: EUR\n", "'defaults'"),
        ("Betrag: amount\n", "with columns:"),
    ],
)
def test_a_bad_export_mapping_is_refused(tmp_path: Path, text: str, message: str) -> None:
    from ingestion.sources.fiu_transfers import load_mapping

    path = tmp_path / "mapping.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ReadError, match=message.replace("(", r"\(")):
        load_mapping(path)
