"""Deterministic ids: keys normalised, documents named by the hash of their bytes."""

from __future__ import annotations

import hashlib
from pathlib import Path

from graphhub.ids import content_hash, make_id, normalise_key


def test_keys_ignore_case_accents_and_spacing() -> None:
    assert normalise_key("  Ministère   de l'Intérieur ") == "ministere de l'interieur"
    assert make_id("org", "UNODC ") == make_id("org", "unodc")
    assert make_id("org", "a", "b") != make_id("org", "a b")
    assert make_id("org", "unodc").startswith("org:")


def test_a_file_hashes_as_its_bytes(tmp_path: Path) -> None:
    data = b"x" * ((1 << 20) + 17)  # more than one block
    path = tmp_path / "doc.txt"
    path.write_bytes(data)
    assert content_hash(data) == hashlib.sha256(data).hexdigest()
    assert content_hash(path) == content_hash(data)
