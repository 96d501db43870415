"""Resolving hand-built records: merges, keeps apart, and explains each decision."""

from __future__ import annotations

from typing import Any

from graphhub.ids import make_id
from graphhub.model import Label, RelType
from ingestion.records import EdgeRecord, Extraction, NodeRecord
from ingestion.resolve import KnownNode, Resolver

ORG, COMPANY, PERSON = Label.ORGANIZATION, Label.COMPANY, Label.PERSON
CARICC = "Central Asia Regional Information and Coordination Centre"


def extraction(*items: tuple[Any, ...], doc_id: str = "doc-1") -> Extraction:
    """An Extraction from ``(label, name[, props[, aliases]])`` tuples; refs n0, n1, ..."""
    nodes = []
    for number, item in enumerate(items):
        props: dict[str, Any] = dict(item[2]) if len(item) > 2 else {}
        aliases: list[str] = list(item[3]) if len(item) > 3 else []
        nodes.append(NodeRecord(item[0], f"n{number}", item[1], props, aliases))
    return Extraction(doc_id, nodes)


def test_acronym_in_a_later_document_joins_the_full_name() -> None:
    resolver = Resolver()
    first = resolver.resolve(
        extraction((ORG, "Widget Monitoring Office", {"acronym": "WMO"}), doc_id="a")
    )
    later = resolver.resolve(extraction((ORG, "WMO"), doc_id="b"))
    full, short = first.nodes["n0"], later.nodes["n0"]
    assert short.id == full.id
    assert short.name == "Widget Monitoring Office"
    assert short.decision.method == "acronym"
    assert short.decision.matched == "Widget Monitoring Office"
    assert "WMO" in short.decision.explanation


def test_acronym_before_its_full_name_in_one_document() -> None:
    result = Resolver().resolve(
        extraction((ORG, "WMO"), (ORG, "Widget Monitoring Office", {"acronym": "WMO"}))
    )
    assert result.nodes["n0"].id == result.nodes["n1"].id
    assert result.nodes["n0"].decision.method == "acronym"
    assert list(result.nodes) == ["n0", "n1"]


def test_bundled_alias_file_merges_donor_names() -> None:
    resolver = Resolver.with_aliases()
    result = resolver.resolve(
        extraction(
            (ORG, "European Commission"),
            (ORG, "the European Union"),
            (ORG, "US Government"),
            (ORG, "United States of America"),
            (ORG, "CARICC"),
            (ORG, CARICC, {"acronym": "CARICC"}),
        )
    )
    nodes = result.nodes
    assert nodes["n0"].id == nodes["n1"].id
    assert nodes["n0"].name == "European Union"
    assert nodes["n0"].decision.method == "alias-file"
    assert "European Commission" in nodes["n0"].aliases
    assert nodes["n2"].id == nodes["n3"].id
    assert nodes["n2"].name == "Government of the United States"
    assert nodes["n4"].id == nodes["n5"].id
    assert nodes["n0"].id == make_id("org", "european union")


def test_known_graph_node_wins_over_a_computed_id() -> None:
    resolver = Resolver.with_aliases()
    added = resolver.seed(
        [
            KnownNode("org:legacy", ORG, "European Union", ("EU",), "EU"),
            KnownNode(
                "account:x", Label.BANK_ACCOUNT, "KZ86125KZT5004100100", iban="KZ86125KZT5004100100"
            ),
        ]
    )
    assert added == 2
    result = resolver.resolve(
        extraction(
            (ORG, "European Commission"),
            (Label.BANK_ACCOUNT, "KZ86 125K ZT50 0410 0100"),
        )
    )
    assert result.nodes["n0"].id == "org:legacy"
    assert result.nodes["n1"].id == "account:x"
    assert result.nodes["n1"].decision.method == "iban"


def test_legal_forms_do_not_separate_companies() -> None:
    result = Resolver().resolve(
        extraction(
            (COMPANY, "Silk Road Trading LLC"),
            (COMPANY, "SILK ROAD TRADING L.L.C."),
            (COMPANY, "Silk Road Trading Limited Liability Company"),
            (COMPANY, "TOO Silk Road Trading"),
        )
    )
    ids = {node.id for node in result.nodes.values()}
    assert len(ids) == 1
    assert result.nodes["n2"].decision.method == "legal-form"
    assert "legal form is ignored" in result.nodes["n2"].decision.explanation
    assert result.nodes["n3"].decision.method == "legal-form"


def test_company_jurisdictions_keep_namesakes_apart() -> None:
    result = Resolver().resolve(
        extraction(
            (COMPANY, "Orion Logistics LLC", {"jurisdiction": "ARE"}),
            (COMPANY, "Orion Logistics FZE", {"jurisdiction": "KAZ"}),
            (COMPANY, "Orion Logistics", {}),
        )
    )
    assert result.nodes["n0"].id != result.nodes["n1"].id
    assert result.nodes["n2"].id == result.nodes["n0"].id


def test_fuzzy_near_duplicate_is_merged_with_its_score() -> None:
    result = Resolver().resolve(
        extraction((COMPANY, "Silk Road Trading LLC"), (COMPANY, "Silk Road Tradng LLC"))
    )
    typo = result.nodes["n1"]
    assert typo.id == result.nodes["n0"].id
    assert typo.decision.method == "fuzzy"
    assert 0.92 <= typo.decision.score < 1.0
    assert "token_sort_ratio" in typo.decision.explanation


def test_similar_but_different_companies_stay_apart() -> None:
    result = Resolver().resolve(
        extraction(
            (COMPANY, "Alpha Trade LLC"),
            (COMPANY, "Alpha Travel LLC"),
            (COMPANY, "Orient Express Trading"),
            (COMPANY, "Orient Express Transit"),
        )
    )
    assert len({node.id for node in result.nodes.values()}) == 4
    assert {node.decision.method for node in result.nodes.values()} == {"new"}


def test_persons_honorifics_birth_dates_and_gendered_surnames() -> None:
    result = Resolver().resolve(
        extraction(
            (PERSON, "Dr. Aziz Karimov"),
            (PERSON, "Aziz KARIMOV"),
            (PERSON, "Aziz Karimova"),
            (PERSON, "Nurlan Abdullaev", {"birth_date": "1971-03-02"}),
            (PERSON, "Nurlan Abdulaev"),
            (PERSON, "Nurlan Abdullaev", {"birth_date": "1988-10-10"}),
        )
    )
    nodes = result.nodes
    assert nodes["n1"].id == nodes["n0"].id and nodes["n1"].decision.method == "exact"
    assert nodes["n2"].id != nodes["n0"].id
    assert nodes["n4"].id == nodes["n3"].id and nodes["n4"].decision.method == "fuzzy"
    assert nodes["n5"].id not in {nodes["n3"].id, nodes["n0"].id}
    assert nodes["n3"].id == make_id("person", "nurlan abdullaev", "1971-03-02")


def test_country_forms() -> None:
    result = Resolver().resolve(
        extraction(
            (Label.COUNTRY, "Kyrgyz Republic"),
            (Label.COUNTRY, "Kyrgyzstan", {"iso3": "KGZ"}),
            (Label.COUNTRY, "Tajikistan"),
            (Label.COUNTRY, "Atlantis"),
        )
    )
    nodes = result.nodes
    assert nodes["n0"].id == nodes["n1"].id == "country:KGZ"
    assert nodes["n0"].decision.method == "iso3"
    assert nodes["n0"].props["iso3"] == "KGZ"
    assert nodes["n2"].id == "country:TJK"
    assert nodes["n3"].decision.method == "new" and not nodes["n3"].id.startswith("country:ATL")


def test_projects_sectors_and_document_scoped_nodes() -> None:
    resolver = Resolver()
    first = resolver.resolve(
        extraction(
            (
                Label.PROJECT,
                "Border liaison offices",
                {"code": "XAC/K22", "title": "Border liaison offices"},
            ),
            (Label.SECTOR, "narcotics control", {"code": "16063"}),
            (Label.FINDING, "Suspicious transfers"),
        )
    )
    later = resolver.resolve(
        extraction(
            (Label.PROJECT, "Border Liaison Offices"),
            (Label.SECTOR, "Narcotics control"),
            (Label.FINDING, "Suspicious transfers"),
            doc_id="doc-2",
        )
    )
    assert first.nodes["n0"].id == make_id("project", "XAC/K22")
    assert first.nodes["n0"].decision.method == "code"
    assert later.nodes["n0"].id == first.nodes["n0"].id
    assert later.nodes["n1"].id == first.nodes["n1"].id == make_id("sector", "16063")
    assert later.nodes["n2"].id != first.nodes["n2"].id
    assert first.nodes["n2"].id == make_id("finding", "doc-1", "n2")


def test_groups_drop_noise_words() -> None:
    result = Resolver().resolve(
        extraction(
            (Label.TRAFFICKING_GROUP, "the Karimov clan"),
            (Label.TRAFFICKING_GROUP, "Karimov network"),
            (Label.TRAFFICKING_GROUP, "Nazarov group"),
        )
    )
    assert result.nodes["n0"].id == result.nodes["n1"].id == make_id("group", "karimov")
    assert result.nodes["n2"].id != result.nodes["n0"].id


def test_same_input_gives_same_ids() -> None:
    items = [
        (ORG, "UNODC"),
        (ORG, "United Nations Office on Drugs and Crime", {"acronym": "UNODC"}),
        (COMPANY, "Silk Road Tradng LLC"),
        (COMPANY, "Silk Road Trading LLC"),
        (PERSON, "Aziz Karimov"),
        (Label.COUNTRY, "Kazakhstan"),
    ]

    def run() -> list[tuple[str, str, str]]:
        resolver = Resolver.with_aliases()
        result = resolver.resolve(extraction(*items))
        return [(n.id, n.name, n.decision.method) for n in result.nodes.values()]

    assert run() == run()


def test_edge_ends_follow_resolution() -> None:
    ex = extraction((COMPANY, "Alpha Trade LLC"), (PERSON, "Aziz Karimov"))
    ex.edges.append(EdgeRecord(RelType.DIRECTS, "n1", "n0"))
    result = Resolver().resolve(ex)
    assert result.edge_ends(ex.edges[0]) == (result.nodes["n1"].id, result.nodes["n0"].id)


def test_structured_records_are_proposed_not_merged_and_narrative_ones_still_merge() -> None:
    known = [KnownNode("org:heron", ORG, "Heronsgate Child Nutrition and Food Security Programme")]
    structured = Resolver()
    structured.seed(known)
    result = structured.resolve(
        extraction((ORG, "Heronsgate Child Nutrition and Food Security Program"),
                   (ORG, "Heronsgate Child Nutrition and Food Security Programme Ostmark")),
        structured=True,
    )
    typo, longer = result.nodes["n0"], result.nodes["n1"]
    assert typo.id != "org:heron" and typo.decision.method == "new"
    assert "proposed for a merge" in typo.decision.explanation
    [proposal] = result.proposals
    assert (proposal.keep, proposal.merged, proposal.merged_name) == (
        "org:heron", typo.id, "Heronsgate Child Nutrition and Food Security Program")
    assert proposal.score >= 0.92
    assert longer.id not in {typo.id, "org:heron"}
    assert "'ostmark' is a word only one of the names has" in longer.decision.explanation

    narrative = Resolver()
    narrative.seed(known)
    merged = narrative.resolve(
        extraction((ORG, "Heronsgate Child Nutrition and Food Security Program")))
    assert merged.nodes["n0"].id == "org:heron" and merged.proposals == []
    assert merged.nodes["n0"].decision.method == "fuzzy"


def test_a_government_is_one_node_by_its_country_code_in_any_form() -> None:
    from ingestion.resolve.governments import government_id

    result = Resolver.with_aliases().resolve(
        extraction((ORG, "Denmark"), (ORG, "Government of Denmark"),
                   (ORG, "Denmark, Government of"), (ORG, "Danish Government"),
                   (ORG, "Danish Red Cross"), (ORG, "Japanese Government"), (ORG, "GoJ")),
        structured=True,
    )
    nodes = result.nodes
    assert {nodes[f"n{i}"].id for i in range(4)} == {government_id("DNK")}
    assert nodes["n0"].name == "Government of Denmark"
    assert nodes["n0"].props["country"] == "DNK" and nodes["n0"].decision.method == "iso3"
    assert "Denmark" in nodes["n0"].aliases
    assert nodes["n4"].id != government_id("DNK")
    assert nodes["n5"].id == nodes["n6"].id == government_id("JPN")
    assert nodes["n6"].name == "Government of Japan"
