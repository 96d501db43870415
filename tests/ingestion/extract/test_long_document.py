"""A report over spaCy's 1,000,000-character limit ingests end to end as one document.

About 1.05 MB (the smallest size over the limit: on the two shared cores of the test
machine a 2 MB report takes several minutes): the demo reports over and over, their
amounts and quantities raised in each copy so that the records differ.
"""

from __future__ import annotations

import re
from pathlib import Path

import neo4j
import pytest

from graphhub.model import PUBLIC
from ingestion.load import LoadOptions, load

pytestmark = [pytest.mark.neo4j, pytest.mark.model]

DB = "neo4j"
ROOT = Path(__file__).resolve().parents[3]
REPORTS = ("project_taj_k45.txt", "seizure_report_tajikistan_2009.txt", "donor_update_2010.txt")
SIZE = 1_050_000
_NUMBER = re.compile(r"(?<![\w/.,])(\d{1,3}(?:,\d{3})+|\d{3,})(?![\w/])")


def _vary(text: str, copy: int) -> str:
    def raised(match: re.Match[str]) -> str:
        raw = match.group(1)
        number = int(raw.replace(",", ""))
        if "," not in raw and 1900 <= number <= 2099:
            return raw  # a year
        return f"{number + copy:,}" if "," in raw else str(number + copy)

    return _NUMBER.sub(raised, text)


def _report() -> str:
    texts = [(ROOT / "demo" / "reports" / name).read_text(encoding="utf-8") for name in REPORTS]
    parts = ["Compiled field reports, Central Asia\n"]
    size, copy = 0, 0
    while size < SIZE:
        parts.append(f"Part {copy + 1}\n\n{_vary(texts[copy % len(texts)], copy)}\n")
        size += len(parts[-1]) + 1
        copy += 1
    return "\n".join(parts)


def test_a_report_over_a_million_characters_is_one_document(
    driver: neo4j.Driver, tmp_path: Path
) -> None:
    text = _report()
    assert len(text) > 1_000_000
    path = tmp_path / "compiled.txt"
    path.write_text(text, encoding="utf-8")
    summary = load(
        driver,
        DB,
        "documents",
        [path],
        options=LoadOptions(max_bytes=50 * 1024 * 1024, classification=PUBLIC),
    )
    assert summary.errors == []
    assert summary.documents["written"] == 1

    documents = driver.execute_query("MATCH (d:Document) RETURN d.id AS id")[0]
    assert len(documents) == 1
    doc_id = documents[0]["id"]
    # The projects of every part are one node each, sourced from the one document.
    projects = driver.execute_query(
        "MATCH (p:Project) RETURN p.code AS code, p.sources AS sources"
    )[0]
    assert {r["code"] for r in projects} >= {"TAJ/K45", "TAJ/E24"}
    assert all(r["sources"] == [doc_id] for r in projects)
    # A seizure per varied quantity: copies differ, so their seizures do too.
    heroin = driver.execute_query("MATCH (s:Seizure {drug: 'heroin'}) RETURN count(s) AS n")[0][0][
        "n"
    ]
    copies = text.count("Tajikistan: drug seizures in 2009")
    assert heroin >= copies
    # Provenance offsets are the whole document's, also past the first million characters.
    mentions = driver.execute_query(
        "MATCH (:Document)-[m:MENTIONS]->() WHERE m.start > 1000000 "
        "RETURN m.start AS start, m.end AS end, m.sentence AS sentence"
    )[0]
    assert mentions
    for row in mentions:
        assert text[row["start"] : row["end"]] in row["sentence"]
