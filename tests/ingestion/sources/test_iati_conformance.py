"""Real IATI files load with their kinds kept apart: the graph's FUNDS amounts per kind and
currency equal the XML's transaction values per type (and budgets), less what was refused.

The files are the shared AidData subset (IATI 1.04, malformed one-digit sector codes) and
IATI's annotated 2.03 example. The XML side is computed here with lxml, independently of
the reader.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import neo4j
import pytest
from lxml import etree

from graphhub.config import Settings
from graphhub.model import PUBLIC
from ingestion.load import load_file
from ingestion.readers.limits import current_limits
from ingestion.sources.iati import read_iati_file

pytestmark = [pytest.mark.neo4j, pytest.mark.shared_data]

# The shared data contract: IATI transaction types (and 1.0x names) -> FUNDS kinds.
KINDS = {
    "1": "disbursement", "IF": "disbursement", "2": "commitment", "C": "commitment",
    "3": "disbursement", "D": "disbursement", "4": "expenditure", "E": "expenditure",
    "11": "commitment", "12": "pledge", "13": "pledge",
}
FILES = ("aiddata_afghanistan_aims_iati_1.04_subset.xml",
         "activity-standard-example-annotated-v2.03.xml")
_TRANSACTION = re.compile(r"^(iati-activity\[\d+\]/(?:transaction|budget)\[\d+\])")


def _activities(root: etree._Element) -> list[etree._Element]:
    return [root] if root.tag == "iati-activity" else list(root.iter("iati-activity"))


def _xml_totals(path: Path, refused: set[str]) -> tuple[Counter[tuple[str, str]], int]:
    """Sum of values per (kind, currency) of transactions and budgets, leaving out those
    at the ``refused`` locators; and how many were left out."""
    totals: Counter[tuple[str, str]] = Counter()
    left_out = 0
    for n, activity in enumerate(_activities(etree.parse(str(path)).getroot()), start=1):
        currency = activity.get("default-currency") or ""
        items = [("transaction", t) for t in activity.findall("transaction")]
        items += [("budget", b) for b in activity.findall("budget")]
        counters: Counter[str] = Counter()
        for tag, element in items:
            counters[tag] += 1
            locator = f"iati-activity[{n}]/{tag}[{counters[tag]}]"
            if locator in refused:
                left_out += 1
                continue
            if tag == "budget":
                kind = "budget"
            else:
                type_element = element.find("transaction-type")
                code = (type_element.get("code") if type_element is not None
                        else element.get("type")) or ""
                if code not in KINDS:
                    continue  # repayments, interest, equity: not funding
                kind = KINDS[code]
            value = element.find("value")
            assert value is not None, locator
            amount = float((value.text or "").replace(",", "").strip())
            totals[(kind, (value.get("currency") or currency).upper())] += amount
    return totals, left_out


def _graph_totals(driver: neo4j.Driver, database: str) -> Counter[tuple[str, str]]:
    records, _, _ = driver.execute_query(
        "MATCH (:Organization)-[f:FUNDS]->(:Project) WHERE f.amount IS NOT NULL "
        "RETURN f.kind AS kind, f.currency AS currency, sum(f.amount) AS amount",
        database_=database,
    )
    return Counter({(r["kind"], r["currency"]): r["amount"] for r in records})


@pytest.mark.parametrize("name", FILES)
def test_totals_per_kind_equal_the_xml(
    name: str, shared_data: Path, driver: neo4j.Driver, neo4j_settings: Settings,
    tmp_path: Path,
) -> None:
    path = shared_data / "external" / "iati" / "examples" / name
    if not path.is_file():
        pytest.skip(f"{path} not found")
    read = read_iati_file(path, doc_id="conformance", limits=current_limits())
    for error in read.errors:  # every refused field, with its reason
        print(f"{name}: row {error.row} {error.field}: {error}")
    assert all(e.row and e.field and str(e) for e in read.errors)
    # A transaction or budget whose value, currency or type was refused is left out whole.
    refused = {
        m.group(1) for e in read.errors
        if (m := _TRANSACTION.match(e.field or "")) and not (e.field or "").split("/")[-1]
        .startswith(("sector", "recipient-country", "recipient-region", "provider-org",
                     "receiver-org"))
    }
    expected, left_out = _xml_totals(path, refused)
    report = load_file(driver, neo4j_settings.neo4j_database, "iati", path,
                       classification=PUBLIC, state_dir=tmp_path)
    assert report.status == "written", report.failure
    found = _graph_totals(driver, neo4j_settings.neo4j_database)
    print(f"{name}: {left_out} transactions or budgets refused; totals {dict(found)}")
    assert set(found) == set(expected)
    for key, amount in expected.items():
        assert found[key] == pytest.approx(amount, rel=1e-9), key


def test_aiddata_malformed_sectors_are_listed(shared_data: Path) -> None:
    path = shared_data / "external" / "iati" / "examples" / FILES[0]
    if not path.is_file():
        pytest.skip(f"{path} not found")
    read = read_iati_file(path, doc_id="conformance", limits=current_limits())
    root = etree.parse(str(path)).getroot()
    sectors = [s for a in _activities(root) for s in a.findall("sector")]
    reasons = Counter(e.message for e in read.errors
                      if re.search(r"/sector\[\d+\]@code$", e.field or ""))
    # Every one of the file's sector codes is a single digit, and each is refused by name.
    assert all(len(s.get("code") or "") == 1 for s in sectors)
    assert sum(reasons.values()) == len(sectors)
    assert set(reasons) == {"sector code is not a DAC 5-digit purpose code"}
