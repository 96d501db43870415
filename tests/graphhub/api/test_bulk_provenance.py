"""Transfers loaded in bulk answer with their file and row as sources, to analysts only."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import neo4j
import pytest

from graphhub.config import Settings
from ingestion.transfers import load_transfers

pytestmark = pytest.mark.neo4j

EXPORT = """sender_name,sender_type,sender_account,receiver_name,receiver_type,receiver_account,\
amount,currency,date,reference,reporting_fiu
Khorog Dry Fruit LLC,company,TJ3820809186188035,Osh Grain Traders LLP,company,KG1007749227127,\
42308.78,USD,2013-01-01,TR-1,FMD Tajikistan
"""

CONNECTION = """
query ($a: ID!, $b: ID!) {
  connections(a: $a, b: $b, maxHops: 1) {
    relationships { type reference sources { document { title } locator method } }
  }
}"""


def test_a_bulk_transfer_names_its_file_and_row(
    driver: neo4j.Driver, neo4j_settings: Settings, tmp_path: Path, ask: Any
) -> None:
    path = tmp_path / "fiu-export.csv"
    path.write_text(EXPORT, encoding="utf-8")
    database = neo4j_settings.neo4j_database
    assert load_transfers(driver, database, path).transfers == 1
    records, _, _ = driver.execute_query(
        "MATCH (a)-[:TRANSFER]->(b) RETURN a.id AS a, b.id AS b", database_=database
    )
    ends = {"a": records[0]["a"], "b": records[0]["b"]}
    [path_found] = ask(CONNECTION, role="fiu_analyst", variables=ends)["data"]["connections"]
    [transfer] = path_found["relationships"]
    assert transfer["reference"] == "TR-1"
    assert transfer["sources"] == [
        {"document": {"title": "fiu-export.csv"}, "locator": "row 2", "method": "fiu:row"}
    ]
    # To a partner the restricted parties do not exist: the same answer as an unknown id.
    hidden = ask(CONNECTION, role="partner", variables=ends)
    unknown = ask(CONNECTION, role="partner", variables={**ends, "a": "company:nosuch"})
    assert [e["extensions"]["code"] for e in hidden["errors"]] == ["NOT_FOUND"]
    assert hidden["errors"][0]["message"].replace(ends["a"], "X") == unknown["errors"][0][
        "message"
    ].replace("company:nosuch", "X")
