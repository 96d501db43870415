"""Rules to come."""

from __future__ import annotations

from spacy.tokens import Doc

from ingestion.extract.builder import RecordBuilder
from ingestion.extract.mentions import MentionIndex


def extract(doc: Doc, builder: RecordBuilder, index: MentionIndex) -> None:
    """Nothing yet."""
