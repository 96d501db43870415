"""Matching the parties of a transfer export to the graph's known entities."""

from __future__ import annotations

from graphhub.model import Label
from ingestion.resolve.parties import EXAMPLES, KnownParties
from ingestion.resolve.resolution import KnownNode

PERSON, COMPANY, ACCOUNT = str(Label.PERSON), str(Label.COMPANY), str(Label.BANK_ACCOUNT)
IBAN = "KZ86125KZT5004100100"


def _known() -> KnownParties:
    return KnownParties(
        [
            KnownNode("person:ivan", Label.PERSON, "Ivan Petrov", ("I. Petrov",)),
            KnownNode("account:kz", Label.BANK_ACCOUNT, "KZ86 125K ZT50 0410 0100", iban=IBAN),
            KnownNode("company:a", Label.COMPANY, "Steppe Trading LLP"),
            KnownNode("company:b", Label.COMPANY, "Steppe Trading LLP"),
        ]
    )


def test_an_account_is_matched_by_its_iban() -> None:
    known = _known()
    assert known.match("account:new", ACCOUNT, IBAN, IBAN, False, IBAN) == "account:kz"
    assert known.match("account:other", ACCOUNT, "X", "KZ00999", False, "X") == "account:other"


def test_a_party_without_an_id_is_matched_by_its_featured_name() -> None:
    known = _known()
    assert known.match("p1", PERSON, "IVAN PETROV", "", False, "r1") == "person:ivan"
    assert known.match("p2", PERSON, "I. Petrov", "", False, "r2") == "person:ivan"
    assert known.match("p3", PERSON, "Olga Petrova", "", False, "r3") == "p3"
    assert known.proposal_count == 0


def test_a_name_shared_by_two_known_entities_matches_neither() -> None:
    known = _known()
    assert known.match("c1", COMPANY, "Steppe Trading LLP", "", False, "r1") == "c1"


def test_a_party_with_an_export_id_is_proposed_not_merged() -> None:
    known = _known()
    assert known.match("person:x1", PERSON, "Ivan Petrov", "", True, "X1") == "person:x1"
    assert known.proposal_count == 1
    assert known.proposals == [("Ivan Petrov", "X1", "person:ivan")]


def test_answers_are_remembered_per_ref() -> None:
    known = _known()
    for _ in range(3):
        assert known.match("person:x1", PERSON, "Ivan Petrov", "", True, "X1") == "person:x1"
    assert known.proposal_count == 1


def test_proposals_are_all_counted_and_examples_capped() -> None:
    known = _known()
    for number in range(EXAMPLES + 3):
        known.match(f"person:x{number}", PERSON, "Ivan Petrov", "", True, f"X{number}")
    assert known.proposal_count == EXAMPLES + 3
    assert len(known.proposals) == EXAMPLES


def test_nothing_known_and_excluded_nodes_match_nothing() -> None:
    assert not KnownParties()
    known = KnownParties(
        [KnownNode("person:ivan", Label.PERSON, "Ivan Petrov")], exclude=["person:ivan"]
    )
    assert not known
    assert known.match("p1", PERSON, "Ivan Petrov", "", False, "r1") == "p1"
