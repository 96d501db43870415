import pytest

from graphhub.model import RESTRICTED, RelType
from ingestion.extract.pipeline import extract_text


def _transfers(text: str) -> list[tuple[str, str, float, str | None]]:
    extraction = extract_text(text, "t", RESTRICTED)
    return sorted((e.start, e.end, e.props["amount"], e.props.get("date"))
                  for e in extraction.edges if e.type is RelType.TRANSFER)


@pytest.mark.model
def test_place_after_from_is_not_the_payer() -> None:
    found = _transfers("On 2 May 2016 Timur Rakhimov sent RUB 300,000 from Kazan to "
                       "Sherzod Alimov through a money transfer operator.")
    assert found == [("person:timur rakhimov", "person:sherzod alimov", 300000.0, "2016-05-02")]


@pytest.mark.model
def test_passive_receipt_names_the_payee_after_by() -> None:
    found = _transfers("Later, USD 9,000 was received by Gulnara Alimova from "
                       "Alpine Freight LLC as a fee.")
    assert found == [("company:alpine freight llc", "person:gulnara alimova", 9000.0, None)]


@pytest.mark.model
def test_a_further_amount_repeats_the_parties() -> None:
    found = _transfers("Alpine Freight LLC paid USD 20,000 to Pamir Cargo LLC on 1 June 2016 "
                       "and a further USD 7,500 on 9 July 2016.")
    assert found == [
        ("company:alpine freight llc", "company:pamir cargo llc", 7500.0, "2016-07-09"),
        ("company:alpine freight llc", "company:pamir cargo llc", 20000.0, "2016-06-01"),
    ]


@pytest.mark.model
def test_relative_date_gives_way_to_a_calendar_date() -> None:
    found = _transfers("Two weeks later, on 3 March 2017, Pamir Cargo LLC paid EUR 4,000 to "
                       "Alpine Freight LLC.")
    assert [f[3] for f in found] == ["2017-03-03"]


@pytest.mark.model
def test_transfer_by_a_resolved_company_is_marked_as_coreference() -> None:
    text = ("Pamir Cargo LLC was set up by Timur Rakhimov. "
            "The company then wired USD 12,000 to Sherzod Alimov.")
    extraction = extract_text(text, "t", RESTRICTED)
    edge = next(e for e in extraction.edges if e.type is RelType.TRANSFER)
    assert (edge.start, edge.end) == ("company:pamir cargo llc", "person:sherzod alimov")
    assert edge.evidence[0].method == "rule:transfer+coref"
