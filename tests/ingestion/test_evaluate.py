"""Scoring of extractions against expected records, on hand-built extractions."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from graphhub.model import RESTRICTED, Label, RelType
from ingestion.errors import IngestionError
from ingestion.evaluate import (
    RECORD_TYPES,
    Counts,
    aggregate,
    below,
    format_table,
    load_expected,
    score,
    scoring_key,
)
from ingestion.records import EdgeRecord, Extraction, NodeRecord


def node(label: Label, ref: str, name: str, **props: Any) -> NodeRecord:
    return NodeRecord(label=label, ref=ref, name=name, props=props)


def edge(kind: RelType, start: str, end: str, **props: Any) -> EdgeRecord:
    return EdgeRecord(type=kind, start=start, end=end, props=props, classification=RESTRICTED)


def donor_extraction() -> Extraction:
    return Extraction(
        doc_id="d1",
        nodes=[
            node(Label.ORGANIZATION, "org:japan", "Government of Japan"),
            node(Label.ORGANIZATION, "org:caricc", "CARICC"),
            node(Label.ORGANIZATION, "org:osce", "OSCE Centre in Bishkek"),
            node(Label.PROJECT, "prj:xac", "XAC/K22", code="XAC/K22"),
            node(Label.PROJECT, "prj:taj", "TAJ/E24", code="TAJ/E24"),
        ],
        edges=[
            edge(RelType.FUNDS, "org:japan", "prj:xac", amount=1_800_000, currency="USD"),
            edge(RelType.FUNDS, "org:japan", "prj:taj", amount=500_000, currency="EUR"),
        ],
    )


def test_name_key_ignores_case_punctuation_article_and_legal_form_variants() -> None:
    assert scoring_key("The Karavan Trade L.L.C.") == scoring_key("karavan trade LLC")
    assert scoring_key("Tumar Holding OÜ") == scoring_key("TUMAR HOLDING")
    assert scoring_key("Mr. Rustam Sadykov") == scoring_key("Rustam Sadykov")
    assert scoring_key("Embassy of the United States") == scoring_key("embassy of United States")
    assert scoring_key("The Government of Japan") == scoring_key("Japan")
    assert scoring_key("Karavan Trade") != scoring_key("Karavan Logistics")


def test_organization_matches_by_acronym_or_full_name() -> None:
    expected = {
        "organizations": [
            {"name": "Government of Japan"},
            {
                "name": "Central Asia Regional Information and Coordination Centre",
                "acronym": "CARICC",
            },
            {"name": "Drug Control Agency of Tajikistan", "acronym": "DCA"},
        ]
    }
    counts = score(donor_extraction(), expected)["organizations"]
    assert (counts.tp, counts.fp, counts.fn) == (2, 1, 1)
    assert counts.spurious == ["OSCE Centre in Bishkek"]
    assert "Drug Control Agency of Tajikistan" in counts.missed[0]
    assert counts.precision == pytest.approx(2 / 3)
    assert counts.recall == pytest.approx(2 / 3)


def test_funding_needs_donor_project_amount_within_tolerance_and_currency() -> None:
    expected = {
        "fundings": [
            # 0.3 % off: rounding in the text, still a match.
            {
                "donor": "Government of Japan",
                "project": "XAC/K22",
                "amount": 1_805_000,
                "currency": "USD",
            },
            # Right amount, wrong currency: the extracted EUR edge must not match.
            {
                "donor": "Government of Japan",
                "project": "TAJ/E24",
                "amount": 500_000,
                "currency": "USD",
            },
        ]
    }
    counts = score(donor_extraction(), expected)["fundings"]
    assert (counts.tp, counts.fp, counts.fn) == (1, 1, 1)


def test_a_government_matches_by_country_name_and_alternatives_are_accepted() -> None:
    expected = {
        "fundings": [
            {"donor": "Japan", "project": "XAC/K22", "amount": 1_800_000, "currency": "USD"},
        ],
        "transfers": [
            {
                "from": ["Karavan Trade LLC", "KZ12 9650 0000 1234 5678"],
                "to": "Rustam Sadykov",
                "amount": 10,
                "currency": "USD",
            },
        ],
    }
    extraction = donor_extraction()
    extraction.nodes += [
        node(Label.BANK_ACCOUNT, "a:1", "KZ12 9650 0000 1234 5678"),
        node(Label.PERSON, "p:1", "Rustam Sadykov"),
    ]
    extraction.edges.append(edge(RelType.TRANSFER, "a:1", "p:1", amount=10, currency="USD"))
    counts = score(extraction, expected)
    assert counts["fundings"].tp == 1
    assert counts["transfers"].tp == 1


def test_funding_without_amount_needs_an_edge_without_amount() -> None:
    extraction = donor_extraction()
    extraction.edges.append(edge(RelType.FUNDS, "org:japan", "prj:taj"))
    expected = {"fundings": [{"donor": "Government of Japan", "project": "TAJ/E24"}]}
    counts = score(extraction, expected)["fundings"]
    # Only the edge without an amount matches; the EUR 500,000 and XAC/K22 edges do not.
    assert (counts.tp, counts.fp, counts.fn) == (1, 2, 0)


def test_funding_amount_outside_tolerance_is_a_miss() -> None:
    expected = {
        "fundings": [
            {"donor": "Norway", "project": "XAC/K22", "amount": 1_800_000, "currency": "USD"},
            {
                "donor": "Government of Japan",
                "project": "xac/k22",
                "amount": 1_850_000,
                "currency": "usd",
            },
        ]
    }
    counts = score(donor_extraction(), expected)["fundings"]
    # Norway is not the donor named, and 1.85 million is 2.8 % off.
    assert counts.tp == 0
    assert counts.fn == 2


def fiu_extraction() -> Extraction:
    return Extraction(
        doc_id="fiu",
        nodes=[
            node(Label.PERSON, "p:1", "Rustam Sadykov"),
            node(Label.PERSON, "p:2", "Dilnoza Sadykova"),
            node(Label.COMPANY, "c:1", "Karavan Trade L.L.C."),
            node(Label.BANK_ACCOUNT, "a:1", "KZ12 9650 0000 1234 5678"),
            node(Label.TRAFFICKING_GROUP, "g:1", "Osh group"),
        ],
        edges=[
            edge(RelType.TRANSFER, "c:1", "a:1", amount=240_000, currency="USD", date="2013-05-14"),
            edge(RelType.TRANSFER, "p:1", "c:1", amount=50_000, currency="USD", date="2013-06-01"),
            edge(RelType.RELATIVE_OF, "p:2", "p:1"),
            edge(RelType.DIRECTS, "c:1", "p:1"),
            edge(RelType.MEMBER_OF, "p:1", "g:1"),
        ],
    )


def test_transfer_matches_ends_amount_currency_and_date_when_given() -> None:
    expected = {
        "transfers": [
            {
                "from": "Karavan Trade LLC",
                "to": "KZ1296500000 12345678",
                "amount": 240000,
                "currency": "USD",
                "date": "2013-05",
            },
            {
                "from": "Rustam Sadykov",
                "to": "Karavan Trade LLC",
                "amount": 50000,
                "currency": "USD",
                "date": "2013-07-01",
            },
        ]
    }
    counts = score(fiu_extraction(), expected)["transfers"]
    assert (counts.tp, counts.fp, counts.fn) == (1, 1, 1)


def test_relations_symmetric_only_for_kinship_and_association() -> None:
    expected = {
        "relations": [
            {"type": "RELATIVE_OF", "from": "Rustam Sadykov", "to": "Dilnoza Sadykova"},
            {"type": "DIRECTS", "from": "Rustam Sadykov", "to": "Karavan Trade LLC"},
            {"type": "MEMBER_OF", "from": "Rustam Sadykov", "to": "Osh group"},
        ]
    }
    counts = score(fiu_extraction(), expected)["relations"]
    # The DIRECTS edge runs backwards: a miss and a false positive.
    assert (counts.tp, counts.fp, counts.fn) == (2, 1, 1)
    assert counts.spurious[0].startswith("DIRECTS Karavan Trade")


def test_duplicates_of_a_matched_record_are_counted_apart() -> None:
    extraction = Extraction(
        doc_id="d",
        nodes=[
            node(Label.PERSON, "p:1", "Rustam Sadykov"),
            node(
                Label.PERSON,
                "p:2",
                "Mr. Sadykov Rustam",
            ),
            node(Label.PERSON, "p:3", "rustam sadykov"),
        ],
    )
    counts = score(extraction, {"persons": [{"name": "Rustam Sadykov"}]})["persons"]
    assert (counts.tp, counts.fp, counts.fn, counts.dup) == (1, 1, 0, 1)


def test_seizures_compare_drug_and_kilograms() -> None:
    extraction = Extraction(
        doc_id="s",
        nodes=[
            node(Label.SEIZURE, "s:1", "heroin", drug="heroin", quantity_kg=349.0),
            node(Label.SEIZURE, "s:2", "opium", drug="opium", quantity_kg=2.0),
        ],
    )
    expected = {
        "seizures": [
            {"drug": "heroin", "quantity_kg": 349},
            {"drug": "opium", "quantity_kg": 2000},
        ]
    }
    counts = score(extraction, expected)["seizures"]
    assert (counts.tp, counts.fp, counts.fn) == (1, 1, 1)


def test_empty_types_score_perfect_and_every_type_is_reported() -> None:
    counts = score(Extraction(doc_id="x"), {})
    assert set(counts) == set(RECORD_TYPES)
    assert all(c.precision == 1.0 and c.recall == 1.0 for c in counts.values())


def test_aggregate_sums_documents_and_table_shows_them() -> None:
    expected = {"projects": [{"code": "XAC/K22"}, {"code": "KGZ/K50"}]}
    per_doc = {
        "a": score(donor_extraction(), expected),
        "b": score(donor_extraction(), {"projects": [{"code": "TAJ/E24"}]}),
    }
    total = aggregate(per_doc)
    projects = total["projects"]
    assert (projects.tp, projects.fp, projects.fn) == (2, 2, 1)
    assert projects.missed == ["a: code=KGZ/K50"]
    table = format_table(total)
    assert table.splitlines()[0].split() == [
        "type",
        "tp",
        "fp",
        "fn",
        "dup",
        "precision",
        "recall",
    ]
    assert "projects" in table and "0.500" in table and "0.667" in table
    failing = list(below(total, 0.85, 0.75))
    assert "projects: precision 0.500, recall 0.667" in failing
    # Organizations were extracted where none were expected.
    assert "organizations: precision 0.000, recall 1.000" in failing
    assert not any(line.startswith("persons") for line in failing)


def test_counts_add_keeps_descriptions() -> None:
    one = Counts(tp=1, fn=1, missed=["x"])
    one.add(Counts(fp=2, spurious=["y", "z"]), prefix="doc: ")
    assert (one.tp, one.fp, one.fn) == (1, 2, 1)
    assert one.spurious == ["doc: y", "doc: z"]


def test_load_expected_reports_file_record_and_field(tmp_path: Path) -> None:
    good = tmp_path / "good.expected.yaml"
    good.write_text("classification: public\nprojects:\n  - code: XAC/K22\n")
    assert load_expected(good)["projects"] == [{"code": "XAC/K22"}]
    assert load_expected(good)["persons"] == []

    bad = tmp_path / "bad.expected.yaml"
    bad.write_text(
        "classification: public\nfundings:\n"
        "  - {donor: Japan, project: XAC/K22, amount: 5, currency: USD}\n"
        "  - {donor: Japan, currency: USD}\n"
    )
    with pytest.raises(IngestionError) as err:
        load_expected(bad)
    assert "bad.expected.yaml" in str(err.value)
    assert "row 2" in str(err.value) and "'project'" in str(err.value)

    wrong_relation = tmp_path / "rel.expected.yaml"
    wrong_relation.write_text(
        "classification: restricted\nrelations:\n  - {type: FUNDS, from: a, to: b}\n"
    )
    with pytest.raises(IngestionError, match="not an entity relation"):
        load_expected(wrong_relation)

    no_class = tmp_path / "nc.expected.yaml"
    no_class.write_text("projects: []\n")
    with pytest.raises(IngestionError, match="classification"):
        load_expected(no_class)
