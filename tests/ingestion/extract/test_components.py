import pytest
import spacy

from ingestion.extract.components import add_ruler, keep_codes_whole


def _blank_with_rules() -> spacy.language.Language:
    nlp = spacy.blank("en")
    keep_codes_whole(nlp.tokenizer)
    add_ruler(nlp)
    return nlp


def test_project_codes_stay_one_token() -> None:
    nlp = spacy.blank("en")
    keep_codes_whole(nlp.tokenizer)
    words = [t.text for t in nlp("Projects GLO/G80, AD/KYR/G64 and ROCA/GLO900 but HIV/AIDS.")]
    assert "GLO/G80" in words
    assert "AD/KYR/G64" in words
    assert "ROCA/GLO900" in words
    assert "HIV/AIDS" not in words


def test_ruler_labels_codes_money_quantities_and_accounts() -> None:
    nlp = _blank_with_rules()
    doc = nlp(
        "Norway gave USD 1,800,000 to GLO/G80; 349 kg of heroin were seized; "
        "funds went to KZ12 3456 7890 1234 5678 via the Karimov network."
    )
    found = {(e.text, e.label_) for e in doc.ents}
    assert ("USD 1,800,000", "MONEY") in found
    assert ("GLO/G80", "PROJECT_CODE") in found
    assert ("349 kg", "QUANTITY") in found
    assert ("heroin", "DRUG") in found
    assert ("KZ12 3456 7890 1234 5678", "ACCOUNT") in found
    assert ("the Karimov network", "TRAFFICKING_GROUP") in found


def test_ruler_knows_gazetteer_organizations_and_companies() -> None:
    nlp = _blank_with_rules()
    doc = nlp("CARICC and the OSCE met staff of Silk Road Trading LLC in Central Asia.")
    found = {(e.text, e.label_) for e in doc.ents}
    assert ("CARICC", "ORG") in found
    assert ("OSCE", "ORG") in found
    assert ("Silk Road Trading LLC", "COMPANY") in found
    assert ("Central Asia", "REGION") in found


def test_ruler_knows_names_with_regional_surname_endings() -> None:
    nlp = _blank_with_rules()
    doc = nlp("Malohat Sharipova met Davron Ismoilov and State Bekov in Osh.")
    found = {(e.text, e.label_) for e in doc.ents}
    assert ("Malohat Sharipova", "PERSON") in found
    assert ("Davron Ismoilov", "PERSON") in found
    assert not any(text.startswith("State") for text, _ in found)


def test_company_after_a_sentence_ending_legal_form_stays_apart() -> None:
    nlp = _blank_with_rules()
    doc = nlp("Money went to Orzu Cargo Ltd. Orzu Cargo Ltd then paid it out.")
    companies = [e.text for e in doc.ents if e.label_ == "COMPANY"]
    assert companies == ["Orzu Cargo Ltd.", "Orzu Cargo Ltd"]


@pytest.mark.model
def test_surname_alone_is_the_person_named_before() -> None:
    from ingestion.extract.pipeline import get_nlp

    doc = get_nlp()("Davron Ismoilov and Malohat Sharipova met in Osh. Ismoilov paid, "
                    "and Sharipova left.")
    persons = [e.text for e in doc.ents if e.label_ == "PERSON"]
    assert persons == ["Davron Ismoilov", "Malohat Sharipova", "Ismoilov", "Sharipova"]
