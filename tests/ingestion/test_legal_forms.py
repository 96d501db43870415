"""The one table of legal forms, as extraction, resolution and the evaluation read it."""

from __future__ import annotations

from ingestion.legal_forms import legal_forms, written_forms


def test_every_form_has_a_unique_short_form_and_spellings() -> None:
    forms = legal_forms()
    shorts = [form.short for form in forms]
    assert len(shorts) == len(set(shorts))
    assert all(form.written or form.variants for form in forms)


def test_written_forms_name_their_short_form() -> None:
    written = written_forms()
    assert written["L.L.C."] == "LLC"
    assert written["OOO"] == "LLC"
    assert written["OÜ"] == "OU"
    assert written["Ltd."] == "Ltd"
    # Spelled-out names are variants, not tokens extraction looks for beside a name.
    assert "Limited Liability Company" not in written
    assert "Co" not in written


def test_spellings_start_with_the_short_form() -> None:
    llc = next(form for form in legal_forms() if form.short == "LLC")
    assert llc.spellings[0] == "LLC"
    assert "Limited Liability Company" in llc.spellings
    assert set(llc.written) <= set(llc.spellings)
