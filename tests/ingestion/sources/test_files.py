"""Whole-file checks and the id of a load: content hash combined with the load's options."""

from __future__ import annotations

from pathlib import Path

from graphhub.ids import content_hash
from ingestion.sources.files import load_fingerprint


def test_a_load_without_options_keeps_the_content_hash(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_bytes(b"Donor,Amount\nJapan,100\n")
    digest = content_hash(path)
    assert digest == content_hash(path.read_bytes())
    assert load_fingerprint(digest, {}) == digest
    assert load_fingerprint(digest, {"mapping": None, "classification": None}) == digest


def test_options_change_the_id_by_value_not_by_order(tmp_path: Path) -> None:
    digest = "ab" * 32
    mapping = {"columns": {"Geber": "donor", "Betrag": "amount"}, "defaults": {}}
    reordered = {"defaults": {}, "columns": {"Betrag": "amount", "Geber": "donor"}}
    first = load_fingerprint(digest, {"mapping": mapping})
    assert first != digest and len(first) == 64
    assert load_fingerprint(digest, {"mapping": reordered}) == first
    corrected = {"columns": {"Geber": "donor", "Summe": "amount"}, "defaults": {}}
    assert load_fingerprint(digest, {"mapping": corrected}) != first
    restricted = load_fingerprint(digest, {"mapping": mapping, "classification": "restricted"})
    assert restricted not in (first, digest)
    assert load_fingerprint("cd" * 32, {"mapping": mapping}) != first
