"""Name features: each step and its explanation."""

from __future__ import annotations

from graphhub.model import Label
from ingestion.resolve.features import (
    drop_articles,
    drop_group_words,
    drop_honorifics,
    drop_legal_form,
    explain_steps,
    fold_case_accents_punctuation,
    looks_like_acronym,
    name_key,
    strip_legal_form,
)


def test_fold_handles_case_accents_dots_and_ampersand() -> None:
    assert fold_case_accents_punctuation("Ministère de l'Intérieur") == (
        "ministere",
        "de",
        "linterieur",
    )
    assert fold_case_accents_punctuation("Smith & Sons, L.L.C.") == ("smith", "and", "sons", "llc")


def test_legal_forms_at_either_end() -> None:
    assert strip_legal_form(("silk", "road", "trading", "llc")) == (
        ("silk", "road", "trading"),
        "LLC",
    )
    assert strip_legal_form(("too", "kazakh", "trade")) == (("kazakh", "trade"), "LLP")
    assert drop_legal_form(("orion", "joint", "stock", "company")) == ("orion",)
    # A name that is only a legal form keeps it.
    assert drop_legal_form(("llc",)) == ("llc",)
    assert name_key("Kaspi Trade OÜ", Label.COMPANY) == name_key("KASPI TRADE OU", Label.COMPANY)


def test_articles_honorifics_and_group_words() -> None:
    assert drop_articles(("the", "drug", "control", "agency")) == ("drug", "control", "agency")
    assert drop_honorifics(("dr", "aziz", "karimov")) == ("aziz", "karimov")
    assert drop_honorifics(("dr",)) == ("dr",)
    assert drop_group_words(("karimov", "clan")) == ("karimov",)
    assert drop_group_words(("criminal", "network")) == ("criminal", "network")
    assert name_key("The Network", Label.TRAFFICKING_GROUP) == "network"


def test_legal_forms_matter_only_for_companies() -> None:
    assert name_key("Alpha LLC", Label.COMPANY) == "alpha"
    assert name_key("Alpha LLC", Label.ORGANIZATION) == "alpha llc"


def test_explanations_name_the_steps_used() -> None:
    steps = explain_steps("Silk Road Trading", "SILK ROAD TRADING LLC", Label.COMPANY)
    assert steps[0].startswith("Case, accents and punctuation are ignored")
    assert steps[1].startswith("The legal form is ignored")
    assert explain_steps("Alpha", "Alpha", Label.COMPANY) == []


def test_acronym_shape() -> None:
    assert looks_like_acronym("CARICC") and looks_like_acronym("U.N.O.D.C.")
    assert not looks_like_acronym("Japan") and not looks_like_acronym("EU Delegation")
