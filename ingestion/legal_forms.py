"""The legal forms of companies: one table, ``data/legal_forms.yaml``, read once.

Extraction recognises a form as written beside a company name ("Silk Road Trading
LLC"); resolution and the evaluation drop every spelling of it when they compare names.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from ingestion.errors import IngestionError

TABLE_FILE = Path(__file__).parent / "data" / "legal_forms.yaml"


@dataclass(frozen=True)
class LegalForm:
    """One legal form: the short form shown to users and how else it is written."""

    short: str
    written: tuple[str, ...]  # as written beside a name in text; extraction matches these
    variants: tuple[str, ...]  # other spellings and the spelled-out names

    @property
    def spellings(self) -> tuple[str, ...]:
        """Every spelling: the short form, the written forms, then the variants."""
        return (self.short, *self.written, *self.variants)


@cache
def legal_forms() -> tuple[LegalForm, ...]:
    """The forms of the table, in its order."""
    try:
        data = yaml.safe_load(TABLE_FILE.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise IngestionError("not valid YAML", path=str(TABLE_FILE), reason=str(exc)) from exc
    if not isinstance(data, dict):
        raise IngestionError("expected a mapping at the top", path=str(TABLE_FILE))
    forms: list[LegalForm] = []
    for short, entry in data.items():
        if not isinstance(entry, dict) or set(entry) - {"written", "variants"}:
            raise IngestionError(
                f"legal form {short!r}: expected 'written' and/or 'variants' lists",
                path=str(TABLE_FILE),
            )
        forms.append(LegalForm(
            short=str(short),
            written=tuple(str(w) for w in entry.get("written") or ()),
            variants=tuple(str(v) for v in entry.get("variants") or ()),
        ))
    return tuple(forms)


def written_forms() -> dict[str, str]:
    """Each form as written beside a name in text, with its short form ("L.L.C." -> "LLC")."""
    return {written: form.short for form in legal_forms() for written in form.written}
