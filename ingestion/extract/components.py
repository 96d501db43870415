"""The pipeline's own parts: a tokenizer fix, the entity-ruler patterns and a label fixer.

Custom entity labels: PROJECT_CODE, ACCOUNT, TRAFFICKING_GROUP, COMPANY, REGION,
PROGRAMME and DRUG, next to the model's ORG, GPE, NORP, PERSON, MONEY, QUANTITY, DATE.
"""

from __future__ import annotations

import re
from typing import Any

from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc, Span
from spacy.util import registry

from graphhub.ids import normalise_key
from ingestion.extract.countries import resolve_country
from ingestion.extract.gazetteer import load_gazetteer
from ingestion.extract.parsed import text_of

# Project codes (GLO/G80, AD/KYR/G64, ROCA/GLO900) and account numbers stay whole
# tokens: the default infixes split on "/", which hides them from the ruler and NER.
CODE_TOKEN = re.compile(r"^[A-Z]{2,5}(?:/[A-Z0-9]{2,8})?/[A-Z0-9]*[0-9][A-Z0-9]*$")

RULER_NAME = "graphhub_ruler"
FIXER_NAME = "graphhub_entity_fixer"
LINES_NAME = "graphhub_line_breaks"

_TITLES = frozenset({"Mr.", "Ms.", "Mrs.", "Dr.", "Mr", "Ms", "Mrs", "Dr", "Prof.", "Col.",
                     "Gen.", "Amb."})
_BULLETS = frozenset({"-", "–", "•", "*", "·", "▪"})
# "Country: Uzbekistan" on a line of its own: a field of a fact sheet.
_FIELD_LINE = re.compile(r"^[A-Z][\w ,/()-]{0,40}:")


@Language.component(LINES_NAME)
def mark_line_breaks(doc: Doc) -> Doc:
    """Start a sentence after a blank line, at a bullet, at a field label and after a line
    that ends a sentence, so headings and list items do not run into the next sentence.
    Runs before the parser, which keeps the boundaries it finds set."""
    for token in doc[:-1]:
        if token.text in _TITLES:
            # "Ms. Natalia Volkova": the dot of a title ends no sentence, nor does the name.
            for follower in doc[token.i + 1: token.i + 4]:
                if not follower.is_title:
                    break
                follower.is_sent_start = False
            continue
        if "\n" not in token.text_with_ws:
            continue
        nxt = doc[token.i + 1]
        if nxt.is_space:
            continue
        blank = token.is_space and token.text.count("\n") >= 2
        line_end = token.is_space or "\n" in token.whitespace_
        ended = token.text in (".", ":", ";", "!", "?") or (
            token.is_space and token.i > 0 and doc[token.i - 1].text in (".", ":", ";", "!", "?"))
        rest = text_of(doc)[nxt.idx: nxt.idx + 45]
        if line_end and (blank or ended or nxt.text in _BULLETS or _FIELD_LINE.match(rest)):
            nxt.is_sent_start = True
    return doc


@registry.callbacks("graphhub.keep_codes_whole.v1")  # type: ignore[untyped-decorator]
def keep_codes_whole_callback() -> Any:
    """Config hook: keep project codes whole when the pipeline is built from a config."""

    def apply(nlp: Language) -> Language:
        keep_codes_whole(nlp.tokenizer)
        return nlp

    return apply


def keep_codes_whole(tokenizer: Tokenizer) -> None:
    """Make the tokenizer leave project codes such as GLO/G80 as one token."""
    previous = tokenizer.token_match

    def match(text: str) -> bool:
        return bool(CODE_TOKEN.match(text)) or bool(previous and previous(text))

    tokenizer.token_match = match


def ruler_patterns() -> list[dict[str, Any]]:
    """Static patterns from patterns.jsonl plus phrase patterns built from the gazetteer."""
    gaz = load_gazetteer()
    patterns: list[dict[str, Any]] = list(gaz.patterns)
    for org in gaz.org_list:
        org_id = normalise_key(org.acronym or org.name)
        for form in org.forms:
            patterns.append({"label": "ORG", "pattern": form, "id": f"org:{org_id}"})
    for label, table in (
        ("REGION", gaz.regions),
        ("PROGRAMME", gaz.programmes),
        ("DRUG", gaz.drugs),
    ):
        for form, entry in table.items():
            pid = f"{label.lower()}:{normalise_key(entry.name)}"
            patterns.append({"label": label, "pattern": [{"LOWER": w} for w in form.split()],
                             "id": pid})
    patterns.extend(person_patterns())
    forms = sorted(gaz.legal_forms)
    not_names = list(gaz.filters["not_name_words"])
    name_token = {"TEXT": {"REGEX": r"^[A-Z][\w&'-]*$", "NOT_IN": not_names}}
    # After a prefix form ("OOO Vostok"), a name word is never itself a legal form:
    # otherwise "... to Alay Agro Ltd. Alay Agro Ltd" reads as one company.
    company_word = {"TEXT": {"REGEX": r"^[A-Z][\w&'-]*$", "NOT_IN": not_names + forms}}
    prefix_forms = sorted(gaz.filters["prefix_legal_forms"])
    quote = {"ORTH": {"IN": ['"', "“", "”", "'"]}, "OP": "?"}
    patterns.append({
        "label": "COMPANY",
        "id": "company",
        "pattern": [quote, name_token, {**name_token, "OP": "*"}, quote, {"ORTH": {"IN": forms}}],
    })
    patterns.append({
        "label": "COMPANY",
        "id": "company",
        "pattern": [{"ORTH": {"IN": prefix_forms}}, quote, company_word,
                    {**company_word, "OP": "*"}, quote],
    })
    return patterns


def person_patterns() -> list[dict[str, Any]]:
    """Given name(s) plus a surname with a regional ending ("Malika Yusupova"): a person.

    The small English model misses many Central Asian names or tags them as places;
    the surname endings in entity_filters.yaml make the form recognisable."""
    filters = load_gazetteer().filters
    endings = "|".join(sorted(filters["ruler_surname_endings"], key=len, reverse=True))
    not_first = list(filters["not_name_words"]) + list(filters["not_given_name_words"])
    given = {"TEXT": {"REGEX": r"^[A-Z][a-z]+$", "NOT_IN": not_first}}
    surname = {"TEXT": {"REGEX": rf"^[A-Z][a-z]{{2,}}(?:{endings})$"}}
    return [
        {"label": "PERSON", "id": "person_surname", "pattern": [given, surname]},
        {"label": "PERSON", "id": "person_surname", "pattern": [given, given, surname]},
    ]


def add_ruler(nlp: Language) -> None:
    """Put the entity ruler before the model's NER so that its spans are kept."""
    before = "ner" if "ner" in nlp.pipe_names else None
    ruler = nlp.add_pipe(
        "entity_ruler",
        name=RULER_NAME,
        before=before,
        config={"overwrite_ents": False, "validate": False},
    )
    ruler.add_patterns(ruler_patterns())  # type: ignore[attr-defined]


_CURRENCY_CODES = frozenset(
    form for form in ("usd", "eur", "gbp", "nok", "sek", "chf", "jpy", "rub", "kzt", "aed")
)
_LEADING = ("the ", "The ")


@Language.factory(FIXER_NAME, default_config={"strip_leading_the": True})
def make_entity_fixer(nlp: Language, name: str, strip_leading_the: bool) -> EntityFixer:
    """Relabel what the statistical NER gets wrong in this domain."""
    return EntityFixer(strip_leading_the)


# Labels the statistical NER gives a person's name by mistake; a name seen as a PERSON
# elsewhere in the document overrides them.
_WEAK_LABELS = frozenset({"PERSON", "GPE", "LOC", "NORP", "ORG", "PRODUCT", "WORK_OF_ART",
                          "FAC", "EVENT", "LAW", "LANGUAGE"})


def propagate_persons(doc: Doc, ents: list[Span], honorifics: frozenset[str]) -> list[Span]:
    """Label every repetition of a person's full name or unshared surname as PERSON.

    The NER is not consistent across one document: "Odil Yusupov" may be a PERSON
    in one sentence and "Yusupov" a GPE in the next."""
    names: set[tuple[str, ...]] = set()
    surnames: dict[str, int] = {}
    for ent in ents:
        if ent.label_ != "PERSON":
            continue
        words = tuple(t.text for t in ent if t.lower_ not in honorifics and t.is_alpha)
        if len(words) >= 2 and all(w[:1].isupper() for w in words) and words not in names:
            names.add(words)
            surnames[words[-1]] = surnames.get(words[-1], 0) + 1
    if not names:
        return ents
    longest = max(len(n) for n in names)
    owner = [-1] * len(doc)
    for number, ent in enumerate(ents):
        for i in range(ent.start, ent.end):
            owner[i] = number
    found: list[Span] = []
    i = 0
    while i < len(doc):
        size = next((n for n in range(longest, 1, -1)
                     if tuple(t.text for t in doc[i:i + n]) in names), 0)
        if not size and doc[i].text in surnames and doc[i].is_title:
            size = 1
        if size:
            found.append(Span(doc, i, i + size, label="PERSON"))
            i += size
        else:
            i += 1
    replaced: set[int] = set()
    added: list[Span] = []
    for span in found:
        covered = {owner[i] for i in range(span.start, span.end) if owner[i] >= 0}
        inside = all(ents[n].start >= span.start and ents[n].end <= span.end
                     and ents[n].label_ in _WEAK_LABELS and not ents[n].ent_id_
                     for n in covered)
        if inside and not (len(covered) == 1 and ents[next(iter(covered))] == span):
            replaced |= covered
            added.append(span)
    if not added:
        return ents
    kept = [e for n, e in enumerate(ents) if n not in replaced]
    return sorted(kept + added, key=lambda e: e.start)


_NAME_GLUE = frozenset({"of", "the", "under", "on", "for", "'s", "’s", "in"})
_NAME_OPENERS = frozenset({"under", "of", "for", "on", "and"})
_TRAILING = frozenset({"for", "of", "and", "in", "to", "the", ",", "(", "-", "on", "at"})


def _trim(doc: Doc, span: Span) -> Span | None:
    """An organization's span without words it swallowed at its end ("... of Austria for")
    and without an unclosed parenthesis ("... Republic (SFIS")."""
    if span.label_ != "ORG":
        return span
    after = span.end + 1
    if (after < len(doc) and not doc[span.end - 1].whitespace_
            and doc[span.end].text in ("-", "/") and any(c.isdigit() for c in doc[after].text)):
        return None  # "FIS-KG/2014/017": the body's acronym opens a file reference
    end = span.end
    opened = next((t.i for t in span if t.text == "("), None)
    if opened is not None and not any(t.text == ")" for t in doc[opened:span.end]):
        end = opened
    while end > span.start and doc[end - 1].lower_ in _TRAILING:
        end -= 1
    if end == span.end:
        return span
    return Span(doc, span.start, end, label=span.label) if end > span.start else None


class EntityFixer:
    """Fixes labels after NER: countries tagged NORP/PERSON/ORG, money tagged CARDINAL,
    currency codes tagged ORG, companies recognised by their legal form."""

    def __init__(self, strip_leading_the: bool = True) -> None:
        self.strip_leading_the = strip_leading_the
        gaz = load_gazetteer()
        self.legal_forms = frozenset(gaz.legal_forms)
        self.orgs = gaz.orgs
        self.honorifics = frozenset(gaz.filters["honorifics"])
        self.head_words = frozenset(gaz.filters["org_head_words"])
        self.place_heads = frozenset(gaz.filters["org_place_heads"])

    def __call__(self, doc: Doc) -> Doc:
        fixed: list[Span] = []
        for ent in doc.ents:
            span = self._fix(doc, ent)
            if span is None:
                continue
            previous = fixed[-1] if fixed else None
            if previous is not None and self._joins(doc, previous, span):
                # "Border Service" + "of" + "the Kyrgyz Republic" names one body.
                fixed[-1] = Span(doc, previous.start, span.end, label="ORG")
                continue
            fixed.append(span)
        # Trimmed before stretching too: a swallowed "Council of Ministers (NCDP" must
        # end where the stretched name ends.
        first = [t for t in (_trim(doc, span) for span in fixed) if t is not None]
        trimmed = [t for t in (_trim(doc, span) for span in self._extend(doc, first))
                   if t is not None]
        doc.ents = propagate_persons(doc, trimmed, self.honorifics)
        return doc

    def _joins(self, doc: Doc, org: Span, nxt: Span) -> bool:
        if org.label_ != "ORG" or nxt.label_ not in ("GPE", "ORG", "REGION", "LOC"):
            return False
        gap = [t.lower_ for t in doc[org.end: nxt.start]]
        if org[-1].lower_ in ("of", "for") and gap in ([], ["the"]):
            return True
        if gap in (["of"], ["of", "the"]) and org[-1].is_title and len(org) > 1:
            return nxt.label_ != "REGION" or org[-1].lower_ in self.head_words
        # "Programme Office in Bishkek", "Regional Office for Central Asia".
        if gap == ["in"]:
            return org[-1].lower_ in self.place_heads
        return gap == ["for"] and org[-1].lower_ in self.head_words

    def _extend(self, doc: Doc, spans: list[Span]) -> list[Span]:
        """Stretch an organization over the words that still belong to its name:
        "Ministry of Education and Science", "... Centre on Drug Control under the
        Cabinet of Ministers (NCDC)" up to a parenthesised acronym."""
        out: list[Span] = []
        skip_until = -1
        for number, span in enumerate(spans):
            if span.start < skip_until:
                continue
            end = self._name_end(doc, span) if span.label_ == "ORG" else span.end
            if end > span.end:
                swallowed = [s for s in spans[number + 1:] if s.start < end]
                if all(s.end <= end and s.label_ in _WEAK_LABELS | {"REGION"}
                       for s in swallowed):
                    out.append(Span(doc, span.start, end, label="ORG"))
                    skip_until = end
                    continue
            out.append(span)
        return out

    def _name_end(self, doc: Doc, span: Span) -> int:
        words = [t.lower_ for t in span]
        i = span.end
        if len(span) == 1 and span[0].is_upper:
            # "UNODC Programme Office (in Dushanbe)": an acronym heading a named unit.
            while i < min(len(doc), span.end + 4) and doc[i].is_title:
                i += 1
            while i > span.end and doc[i - 1].lower_ not in self.head_words:
                i -= 1
            if i == span.end:
                return span.end
            return self._place_end(doc, i)
        if not self.head_words & set(words):
            return span.end
        limit = min(len(doc), span.end + 14)
        # A parenthesised acronym right after a run of name words closes the name.
        while i < limit and (doc[i].is_title or doc[i].lower_ in _NAME_GLUE):
            i += 1
        if (i > span.end and i + 2 < len(doc) and doc[i].text == "(" and doc[i + 1].is_upper
                and doc[i + 2].text == ")" and doc[span.end].lower_ in _NAME_OPENERS):
            return i
        if (span.end + 1 < len(doc) and doc[span.end].lower_ == "and"
                and doc[span.end + 1].is_title and ("of" in words or "for" in words)
                and (span.end + 2 >= len(doc) or not doc[span.end + 2].is_title)):
            return span.end + 2  # "Ministry of Education and Science"
        return self._place_end(doc, span.end)

    def _place_end(self, doc: Doc, end: int) -> int:
        """"Programme Office in Bishkek": an office is named by the place it sits in."""
        if end + 1 < len(doc) and doc[end].lower_ == "for" and doc[end + 1].is_title and (
                doc[end - 1].lower_ in self.head_words):
            end += 1  # "Regional Office for Central Asia"
            while end < len(doc) and doc[end].is_title:
                end += 1
            return end
        if (end + 1 < len(doc) and doc[end - 1].lower_ in self.place_heads
                and doc[end].lower_ == "in" and doc[end + 1].is_title):
            end += 1
            while end < len(doc) and doc[end].is_title:
                end += 1
        return end

    def _fix(self, doc: Doc, ent: Span) -> Span | None:
        label = ent.label_
        text = ent.text
        if label in ("ORG", "PERSON", "GPE", "NORP", "LOC", "FAC"):
            if normalise_key(text) in _CURRENCY_CODES:
                return None
            if label == "ORG" and ent.ent_id_:
                return ent
            if label in ("ORG", "PERSON", "GPE", "LOC", "FAC") and normalise_key(text) in self.orgs:
                return Span(doc, ent.start, ent.end, label="ORG")
            if label != "GPE" and resolve_country(text, allow_adjective=False) is not None:
                return Span(doc, ent.start, ent.end, label="GPE")
            nxt = doc[ent.end] if ent.end < len(doc) else None
            if (label in ("ORG", "PERSON") and nxt is not None and nxt.text in self.legal_forms
                    and nxt.ent_iob_ in ("O", "")):
                ent = Span(doc, ent.start, ent.end + 1, label=label)
            if label in ("ORG", "PERSON") and ent[-1].text in self.legal_forms:
                leading_the = self.strip_leading_the and ent[0].lower_ == "the"
                start = ent.start + 1 if leading_the else ent.start
                return Span(doc, start, ent.end, label="COMPANY")
        if label == "CARDINAL" and ent.start > 0:
            before = doc[ent.start - 1]
            free = before.ent_iob_ in ("O", "")
            if free and (before.lower_ in _CURRENCY_CODES or before.text in ("$", "€", "£")):
                return Span(doc, ent.start - 1, ent.end, label="MONEY")
        if label == "MONEY" and not any(ch.isdigit() for ch in text):
            return None
        return ent
