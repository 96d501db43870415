"""Readers: document files (.txt .md .html .pdf .docx) to plain text with an id and title."""

from ingestion.readers.document import SUPPORTED_SUFFIXES, read_document
from ingestion.readers.paths import iter_paths
from ingestion.readers.source import SourceText

__all__ = ["SUPPORTED_SUFFIXES", "SourceText", "iter_paths", "read_document"]
