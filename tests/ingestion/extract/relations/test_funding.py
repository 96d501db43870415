import pytest

from graphhub.model import Label, RelType
from ingestion.extract.pipeline import extract_text


def _fundings(text: str) -> set[tuple[str, str, float | None, str | None]]:
    extraction = extract_text(text, "t")
    return {(e.start, e.end, e.props.get("amount"), e.props.get("currency"))
            for e in extraction.edges if e.type is RelType.FUNDS}


@pytest.mark.model
def test_each_amount_in_parentheses_goes_to_the_donor_before_it() -> None:
    found = _fundings("Denmark (DKK 4 million), Austria (EUR 600,000) and Canada "
                      "(USD 900,000) pledged to KGZ/K51 for prison health services.")
    assert found == {
        ("org:government of denmark", "project:KGZ/K51", 4_000_000.0, "DKK"),
        ("org:government of austria", "project:KGZ/K51", 600_000.0, "EUR"),
        ("org:government of canada", "project:KGZ/K51", 900_000.0, "USD"),
    }


@pytest.mark.model
def test_respectively_pairs_donors_and_amounts_in_order() -> None:
    found = _fundings("Austria and Canada contributed EUR 600,000 and USD 900,000 "
                      "respectively to TKM/H03.")
    assert found == {
        ("org:government of austria", "project:TKM/H03", 600_000.0, "EUR"),
        ("org:government of canada", "project:TKM/H03", 900_000.0, "USD"),
    }


@pytest.mark.model
def test_agent_of_a_passive_verb_with_a_funding_noun_is_the_donor() -> None:
    found = _fundings("A grant of EUR 410,000 was made by the Government of Austria "
                      "for TKM/H03.")
    assert found == {("org:government of austria", "project:TKM/H03", 410_000.0, "EUR")}


@pytest.mark.model
def test_subject_of_the_verb_that_carries_the_amount_is_the_donor() -> None:
    found = _fundings("Denmark, a new partner this year, made available DKK 3 million for "
                      "TKM/H03.")
    assert found == {("org:government of denmark", "project:TKM/H03", 3_000_000.0, "DKK")}


@pytest.mark.model
def test_comma_joined_bodies_before_one_amount_are_one_donor() -> None:
    text = ("Project sheet: TKM/H03\n\nResources\n\nA grant of USD 700,000 from the "
            "United States Department of State, Bureau of International Narcotics and Law "
            "Enforcement Affairs (INL), pays for scanners.")
    assert _fundings(text) == {("org:inl", "project:TKM/H03", 700_000.0, "USD")}


@pytest.mark.model
def test_list_items_are_sentences_of_their_own() -> None:
    text = ("Pledges in 2016\n\n- EUR 200,000 was pledged by Austria for TKM/H03.\n"
            "- Canada allocated USD 90,000 to KGZ/K51.")
    assert _fundings(text) == {
        ("org:government of austria", "project:TKM/H03", 200_000.0, "EUR"),
        ("org:government of canada", "project:KGZ/K51", 90_000.0, "USD"),
    }


@pytest.mark.model
def test_a_share_without_currency_is_no_figure() -> None:
    text = ("Donors cover 75 per cent of the laboratory budget. "
            "The annual budget of the laboratory is USD 2.4 million.")
    figures = [n for n in extract_text(text, "share").nodes if n.label is Label.FIGURE]
    assert [f.props.get("currency") for f in figures] == ["USD"]
    assert figures[0].props["amount"] == 2_400_000
