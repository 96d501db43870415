import pytest

from ingestion.extract import coref
from ingestion.extract.builder import RecordBuilder
from ingestion.extract.entities import EntityExtractor
from ingestion.extract.pipeline import get_nlp, sector_matcher


def _resolved(text: str) -> dict[str, str]:
    doc = get_nlp()(text)
    index = EntityExtractor(RecordBuilder("t", "restricted"), doc).run(sector_matcher())
    return {f"{m.span.text}@{m.span.start_char}": m.ref for m in coref.resolve(doc, index)}


def test_gender_from_surname_endings() -> None:
    assert coref.gender_of("Gulnara Tokhtasinova") == "f"
    assert coref.gender_of("Sherzod Alimov") == "m"
    assert coref.gender_of("Jean Dupont") is None


@pytest.mark.model
def test_pronoun_takes_the_latest_person_of_its_gender() -> None:
    text = ("Gulnara Tokhtasinova is the aunt of Sherzod Alimov. "
            "Her partner, Timur Rakhimov, runs a garage.")
    found = _resolved(text)
    her = text.index("Her")
    assert found[f"Her@{her}"] == "person:gulnara tokhtasinova"


@pytest.mark.model
def test_subject_pronoun_continues_the_previous_subject() -> None:
    text = ("Sherzod Alimov is the cousin of Timur Rakhimov. "
            "He is the sole owner of Pamir Cargo LLC.")
    found = _resolved(text)
    assert found[f"He@{text.index('He ')}"] == "person:sherzod alimov"


@pytest.mark.model
def test_descriptions_refer_to_the_latest_entity_of_their_kind() -> None:
    text = ("Pamir Cargo LLC was set up in Khorog by Sherzod Alimov. "
            "The company sends money to the Vanj network. The group buys fuel.")
    found = _resolved(text)
    assert found[f"The company@{text.index('The company')}"] == "company:pamir cargo llc"
    assert found[f"The group@{text.index('The group')}"] == "group:vanj network"


@pytest.mark.model
def test_description_followed_by_the_name_is_not_resolved() -> None:
    text = "Pamir Cargo LLC exists. Funds went to the company Alpine Freight LLC later."
    assert not any(key.startswith("the company") for key in _resolved(text))


@pytest.mark.model
def test_no_antecedent_of_the_right_kind_gives_nothing() -> None:
    assert _resolved("The Vanj network moves opium. She travels often.") == {}
    # A person pronoun with only a company before it: not the company.
    assert _resolved("Pamir Cargo LLC moves fuel through Khorog. He travels often.") == {}
    # The same pronoun once a person is named: the person, never the company.
    text = "Pamir Cargo LLC moves fuel. Sherzod Alimov owns it. He travels often."
    found = _resolved(text)
    assert found.get(f"He@{text.index('He ')}") == "person:sherzod alimov"
