import pytest

from graphhub.model import RESTRICTED, RelType
from ingestion.extract.pipeline import extract_text
from ingestion.records import EdgeRecord


def _ties(text: str) -> dict[tuple[RelType, str, str], EdgeRecord]:
    extraction = extract_text(text, "t", RESTRICTED)
    return {(e.type, e.start, e.end): e for e in extraction.edges}


@pytest.mark.model
def test_role_noun_with_its_owner_and_holder() -> None:
    edges = _ties("The manager of Pamir Cargo LLC is Gulnara Tokhtasinova, an accountant.")
    assert (RelType.DIRECTS, "person:gulnara tokhtasinova", "company:pamir cargo llc") in edges


@pytest.mark.model
def test_possessive_pronoun_as_the_owner_of_a_role() -> None:
    text = ("Alpine Freight LLC was registered in Dushanbe in 2014; its director is "
            "Sherzod Alimov.")
    edge = _ties(text)[(RelType.DIRECTS, "person:sherzod alimov", "company:alpine freight llc")]
    assert "coref" in edge.evidence[0].method
    assert edge.evidence[0].confidence < 0.7


@pytest.mark.model
def test_kinship_through_a_possessive_and_owner_after_it() -> None:
    text = ("Alpine Freight LLC is directed by Sherzod Alimov. The firm is owned by his "
            "sister, Gulnara Alimova.")
    edges = _ties(text)
    sister, brother = "person:gulnara alimova", "person:sherzod alimov"
    assert (RelType.OWNS, sister, "company:alpine freight llc") in edges
    assert (RelType.OWNS, brother, "company:alpine freight llc") not in edges
    # Kinship has no direction: either order states it.
    assert {(RelType.RELATIVE_OF, brother, sister), (RelType.RELATIVE_OF, sister, brother)} & set(
        edges)


@pytest.mark.model
def test_coordinated_subjects_are_all_members() -> None:
    edges = _ties("Timur Rakhimov and Sherzod Alimov are members of the Vanj network.")
    assert (RelType.MEMBER_OF, "person:timur rakhimov", "group:vanj network") in edges
    assert (RelType.MEMBER_OF, "person:sherzod alimov", "group:vanj network") in edges


@pytest.mark.model
def test_a_clause_after_comma_and_is_not_a_coordinated_subject() -> None:
    text = ("Alpine Freight LLC opened in Osh; its director is Sherzod Alimov, and it keeps "
            "account KG12 3456 7890 1234 5678 there.")
    edges = _ties(text)
    account = "account:KG1234567890123456" + "78"
    assert (RelType.HOLDS, "company:alpine freight llc", account) in edges
    assert (RelType.HOLDS, "person:sherzod alimov", account) not in edges


@pytest.mark.model
def test_a_role_description_names_who_holds_the_role() -> None:
    text = ("The Vanj network is led by Timur Rakhimov. "
            "Sherzod Alimov, the leader's nephew, drives for it.")
    edges = _ties(text)
    nephew, leader = "person:sherzod alimov", "person:timur rakhimov"
    assert {(RelType.RELATIVE_OF, nephew, leader), (RelType.RELATIVE_OF, leader, nephew)} & set(
        edges)
