"""Entity spans to nodes: organizations, countries, regions, projects, programmes, sectors
and the financial-intelligence entities (persons, companies, accounts, groups)."""

from __future__ import annotations

import re
from typing import Any

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from graphhub.ids import normalise_key
from graphhub.model import RESTRICTED, Label
from ingestion.extract.builder import RecordBuilder
from ingestion.extract.countries import CountryRef, resolve_country
from ingestion.extract.dates import find_date
from ingestion.extract.gazetteer import OrgEntry, load_gazetteer
from ingestion.extract.mentions import Mention, MentionIndex
from ingestion.extract.parsed import entities, ents_in, sentence_of, text_of

_ACRONYM = re.compile(r"\s*\(([A-Z][A-Za-z]*[A-Z][A-Za-z]*)\)")
_TITLE_AFTER = re.compile(r"[ \t]*[-–—:][ \t]*[\"“]?([^\"“”\n]{4,300})")
_YEARS = re.compile(r"\b((?:19|20)\d\d)\s*[-–—]\s*((?:19|20)\d\d)\b")
_PHASE = re.compile(r"\bphase\s+([IVX]+|\d+)\b", re.IGNORECASE)
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6, "vii": 7, "viii": 8, "ix": 9,
          "x": 10}
_NATIONALITY = re.compile(
    r"\b(?:(?P<adj>[A-Z][a-z]+) (?:national|citizen)|(?:citizen|national) of (?:the )?"
    r"(?P<name>[A-Z][\w ]+?))\b"
)
_JURISDICTION = re.compile(
    r"\b(?:registered|incorporated|based) in (?:the )?(?P<name>[A-Z][\w ]+?)\b(?=[,.;)]| and|$)"
)
_SECTOR_MATCHER = "sectors"
_SHORT_FORM = re.compile(r" (?:of|for|in|under|on) ")


def _strip_the(text: str) -> str:
    return text[4:] if text[:4].lower() == "the " else text


def parse_phase(text: str) -> int | None:
    """The phase number in "Phase IV" or "phase 2"."""
    match = _PHASE.search(text)
    if match is None:
        return None
    raw = match.group(1).lower()
    return int(raw) if raw.isdigit() else _ROMAN.get(raw)


class EntityExtractor:
    """Turns the entities of a parsed document into nodes and a mention index."""

    def __init__(self, builder: RecordBuilder, doc: Doc) -> None:
        self.builder = builder
        self.doc = doc
        self.gaz = load_gazetteer()
        # A section of a long document goes on under the heading the previous one ended in.
        self.index = MentionIndex(inherited=builder.context.heading)
        self.restricted = builder.classification == RESTRICTED
        # Kept in the builder's context: a later section of the document sees them too.
        self.acronyms = builder.context.acronyms  # acronym -> full name, as defined here
        self.persons = builder.context.persons  # surname -> full name seen in this document
        self.short_forms = builder.context.short_forms  # "border service" -> its full name
        filters = self.gaz.filters
        self.not_org = frozenset(filters["not_org_words"])
        self.country_nouns = frozenset(filters["country_nouns"])
        self.honorifics = frozenset(filters["honorifics"])
        self.org_despite = frozenset(filters["org_despite"])
        self.not_person = frozenset(filters["not_person_words"])
        self.surname_endings = tuple(filters["surname_endings"])
        self.head_words = frozenset(filters["org_head_words"])
        self.not_org_heads = frozenset(filters["not_org_heads"])

    # -- the pass over the document ------------------------------------------------------
    def run(self, sector_matcher: PhraseMatcher | None = None) -> MentionIndex:
        """Create nodes for every entity span and return where each was mentioned."""
        ents = list(entities(self.doc))
        self._collect_aliases(ents)
        handlers = {
            "ORG": self._org,
            "GPE": self._gpe,
            "LOC": self._gpe,
            "NORP": self._norp,
            "REGION": self._region,
            "PROJECT_CODE": self._project,
            "PROGRAMME": self._programme,
            "PERSON": self._person,
            "COMPANY": self._company,
            "ACCOUNT": self._account,
            "TRAFFICKING_GROUP": self._group,
        }
        for ent in ents:
            handler = handlers.get(ent.label_)
            if handler is not None:
                handler(ent)
        if sector_matcher is not None:
            self._sectors(sector_matcher)
        if self.index.section_refs:
            self.builder.context.heading = self.index.section_refs[-1]
        return self.index

    def _collect_aliases(self, ents: list[Span]) -> None:
        text = text_of(self.doc)
        for ent in ents:
            if ent.label_ == "ORG":
                match = _ACRONYM.match(text, ent.end_char)
                if match:
                    self.builder.context.define_acronym(match.group(1), _strip_the(ent.text))
                full = _strip_the(ent.text)
                head = _SHORT_FORM.split(full, maxsplit=1)[0]
                if head != full and len(head.split()) > 1:
                    # "the Border Service" later stands for "Border Service of the Kyrgyz
                    # Republic"; two bodies with the same head leave it ambiguous.
                    known = self.short_forms.get(normalise_key(head), full)
                    self.short_forms[normalise_key(head)] = full if known == full else ""
            elif ent.label_ == "PERSON":
                name = self._person_name(ent)
                parts = name.split()
                if len(parts) > 1 and self.persons.get(parts[-1], name) != name:
                    # Two people share the surname: a lone "Nazarov" names neither.
                    self.persons[parts[-1]] = ""
                elif len(parts) > 1:
                    self.persons[parts[-1]] = name

    def _mention(self, span: Span, ref: str, label: Label) -> None:
        self.index.add(Mention(span, ref, label))

    # -- organizations and places --------------------------------------------------------
    def org_from_entry(self, entry: OrgEntry, span: Span, method: str, alias: str) -> str:
        """The node of a known organization (ref from its acronym or name)."""
        ref = "org:" + normalise_key(entry.acronym or entry.name)
        props = {"acronym": entry.acronym, "kind": entry.kind, "country": entry.country}
        self.builder.node(Label.ORGANIZATION, ref, entry.name,
                          self.builder.evidence(span, method, 0.95), props, alias=alias)
        self._mention(span, ref, Label.ORGANIZATION)
        return ref

    def org_kind(self, name: str) -> str | None:
        """The kind of an organization from words in its name ("Embassy" -> embassy)."""
        lowered = name.lower()
        for kind, words in self.gaz.org_kind_keywords:
            if any(word in lowered for word in words):
                return kind
        return None

    def org_country(self, name: str) -> str | None:
        """The country of a national body: "Tajik Drug Control Agency", "Embassy of Japan"."""
        words = name.split()
        first = resolve_country(words[0]) if words else None
        if first is not None and len(words) > 1:
            return first.iso3
        match = re.search(r"\b(?:of|in) (?:the )?([A-Z][\w ]+)$", name)
        if match:
            found = resolve_country(match.group(1))
            if found is not None:
                return found.iso3
        return None

    def _org(self, ent: Span) -> None:
        text = _strip_the(ent.text.strip())
        key = normalise_key(text)
        if self.short_forms.get(key):
            text = self.short_forms[key]
            key = normalise_key(text)
        entry = self.gaz.orgs.get(key)
        if entry is None and text in self.acronyms:
            entry = self.gaz.orgs.get(normalise_key(self.acronyms[text]))
        if entry is not None:
            self.org_from_entry(entry, ent, "ruler:gazetteer" if ent.ent_id_ else "ner+gazetteer",
                                text)
            return
        acronym: str | None
        if text in self.acronyms:
            full, acronym = self.acronyms[text], text
        else:
            full = text
            acronym = self.builder.context.full_names.get(text)
        words = set(re.findall(r"[\w-]+", full.lower()))
        if (words & self.not_org and not words & self.org_despite) or len(full) < 2:
            return
        if self._looks_like_person(ent):
            self._person(ent)
            return
        if len(full.split()) == 1 and not full.isupper() and acronym is None:
            # A lone capitalised word tagged ORG is mostly a place or a heading.
            return
        if full.split()[-1].lower() in self.not_org_heads:
            return  # a post ("Liaison Officer") or a place ("Border Crossing Points")
        if acronym is None and not words & self.head_words:
            return  # no body without a noun that heads one: "Panj and Amu Darya" are rivers
        if resolve_country(full) is not None or self.gaz.regions.get(key) is not None:
            return
        if self.gaz.programmes.get(key) is not None:
            return
        ref = "org:" + normalise_key(acronym or full)
        props: dict[str, Any] = {
            "acronym": acronym,
            "kind": self.org_kind(full),
            "country": self.org_country(full),
        }
        self.builder.node(Label.ORGANIZATION, ref, full,
                          self.builder.evidence(ent, "ner:org", 0.7), props, alias=text)
        self._mention(ent, ref, Label.ORGANIZATION)

    def _looks_like_person(self, ent: Span) -> bool:
        tokens = [t for t in ent if t.lower_ != "the"]
        return (
            2 <= len(tokens) <= 3
            and all(t.is_title and t.is_alpha for t in tokens)
            and tokens[-1].lower_.endswith(self.surname_endings)
            and self.org_kind(ent.text) is None
        )

    def country_node(self, country: CountryRef, span: Span, method: str, conf: float) -> str:
        """The node of a country, ref ``country:<iso3>``."""
        ref = "country:" + country.iso3
        self.builder.node(Label.COUNTRY, ref, country.name,
                          self.builder.evidence(span, method, conf),
                          {"iso3": country.iso3, "iso2": country.iso2}, alias=span.text)
        self._mention(span, ref, Label.COUNTRY)
        return ref

    def government_node(self, country: CountryRef, span: Span, method: str) -> str:
        """The government of a country as an organization ("Government of Japan")."""
        name = f"Government of {country.name}"
        ref = "org:" + normalise_key(name)
        alias = _strip_the(span.text) if span.text.lower() != name.lower() else None
        self.builder.node(Label.ORGANIZATION, ref, name,
                          self.builder.evidence(span, method, 0.8),
                          {"kind": "government", "country": country.iso3}, alias=alias)
        self._mention(span, ref, Label.ORGANIZATION)
        return ref

    def _gpe(self, ent: Span) -> None:
        if self.gaz.regions.get(normalise_key(_strip_the(ent.text))) is not None:
            self._region(ent)
            return
        country = resolve_country(ent.text, allow_adjective=False)
        if country is None:
            return
        before = text_of(self.doc)[max(0, ent.start_char - 25): ent.start_char].lower()
        if re.search(r"(government|embassy) of (the )?$", before):
            start = before.rfind("government of")
            if start < 0:
                start = before.rfind("embassy of")
            char = ent.start_char - (len(before) - start)
            span = self.doc.char_span(char, ent.end_char, alignment_mode="expand")
            if span is not None:
                if "embassy" in before:
                    name = f"Embassy of {country.name}"
                    ref = "org:" + normalise_key(name)
                    self.builder.node(Label.ORGANIZATION, ref, name,
                                      self.builder.evidence(span, "rule:embassy", 0.85),
                                      {"kind": "embassy", "country": country.iso3})
                    self._mention(span, ref, Label.ORGANIZATION)
                else:
                    self.government_node(country, span, "rule:government")
        self.country_node(country, ent, "ner+pycountry", 0.9)

    def _norp(self, ent: Span) -> None:
        nxt = self.doc[ent.end] if ent.end < len(self.doc) else None
        if nxt is None or nxt.lower_ not in self.country_nouns:
            return
        country = resolve_country(ent.text)
        if country is not None:
            self.country_node(country, ent, "ner+adjective", 0.75)

    def _region(self, ent: Span) -> None:
        entry = self.gaz.regions.get(normalise_key(_strip_the(ent.text)))
        if entry is None:
            return
        ref = "region:" + normalise_key(entry.name)
        self.builder.node(Label.REGION, ref, entry.name,
                          self.builder.evidence(ent, "ruler:region", 0.9), alias=ent.text)
        self._mention(ent, ref, Label.REGION)

    # -- projects, programmes, sectors ---------------------------------------------------
    def _project(self, ent: Span) -> None:
        code = ent.text.upper()
        if re.search(r"/(?:19|20)\d\d(?:/|$)", code):
            return  # a file reference such as AN/2013/041, not a project
        ref = "project:" + code
        text = text_of(self.doc)
        props: dict[str, Any] = {"code": code}
        line_start = text.rfind("\n", 0, ent.start_char) + 1
        heading = not text[line_start: ent.start_char].strip()
        title_match = _TITLE_AFTER.match(text, ent.end_char)
        if title_match and heading:
            title = title_match.group(1).strip().rstrip("\"”").strip()
            props["title"] = title
            props["phase"] = parse_phase(title)
            years = _YEARS.search(title)
            if years:
                props["start_year"], props["end_year"] = int(years.group(1)), int(years.group(2))
        is_new = not self.builder.has(ref)
        self.builder.node(Label.PROJECT, ref, code,
                          self.builder.evidence(ent, "ruler:project_code", 0.95), props)
        self._mention(ent, ref, Label.PROJECT)
        if heading and (is_new or not self.index.section_refs
                        or self.index.section_refs[-1] != ref):
            self.index.section_starts.append(ent.start_char)
            self.index.section_refs.append(ref)

    def _programme(self, ent: Span) -> None:
        entry = self.gaz.programmes.get(normalise_key(_strip_the(ent.text)))
        if entry is None:
            return
        ref = "programme:" + normalise_key(entry.name)
        self.builder.node(Label.PROGRAMME, ref, entry.name,
                          self.builder.evidence(ent, "ruler:programme", 0.9), alias=ent.text)
        self._mention(ent, ref, Label.PROGRAMME)

    def _sectors(self, matcher: PhraseMatcher) -> None:
        by_keyword = {normalise_key(k): s for s in self.gaz.sectors for k in s.keywords}
        for _, start, end in matcher(self.doc):
            span = self.doc[start:end]
            sector = by_keyword.get(normalise_key(span.text))
            if sector is None:
                continue
            ref = "sector:" + normalise_key(sector.theme)
            self.builder.node(Label.SECTOR, ref, sector.theme,
                              self.builder.evidence(span, "phrase:sector", 0.8),
                              {"code": sector.code}, alias=span.text)
            self._mention(span, ref, Label.SECTOR)

    # -- financial intelligence ----------------------------------------------------------
    def _person_name(self, ent: Span) -> str:
        words = ent.text.split()
        while words and words[0].lower() in self.honorifics:
            words = words[1:]
        name = " ".join(words)
        return name[:-2] if name.endswith("'s") or name.endswith("’s") else name

    def _person(self, ent: Span) -> None:
        name = self._person_name(ent)
        if not name or resolve_country(name) is not None:
            return
        words = name.split()
        if {w.lower() for w in words} & self.not_person:
            return
        if len(words) == 1:
            if not self.persons.get(name):
                return  # a lone word is a person only as the surname of one named person
            name = self.persons[name]
        ref = "person:" + normalise_key(name)
        after = text_of(self.doc)[ent.end_char: min(len(text_of(self.doc)), ent.end_char + 120)]
        after = re.split(r"[.;](?:\s|$)", after, maxsplit=1)[0]
        props: dict[str, Any] = {}
        nat = _NATIONALITY.search(after)
        if nat:
            country = resolve_country(nat.group("adj") or nat.group("name"))
            props["nationality"] = country.iso3 if country else None
        born = re.search(r"\b(?:born|b\.|DOB:?|date of birth:?)\s*(?:on\s+|in\s+)?(.{4,20})",
                         after, re.IGNORECASE)
        if born:
            props["birth_date"] = find_date(born.group(1))
        self.builder.node(Label.PERSON, ref, name,
                          self.builder.evidence(ent, "ner:person", 0.8), props, alias=ent.text)
        self._mention(ent, ref, Label.PERSON)

    def _company(self, ent: Span) -> None:
        name = _strip_the(ent.text.strip()).strip("\"“”' ")
        name = re.sub(r"[\"“”]", "", name)
        forms = self.gaz.legal_forms
        words = name.split()
        legal = next((forms[w] for w in (words[-1], words[0]) if w in forms), None)
        # "Sughd Textile Export L.L.C." and "... LLC" are one company: key on the normal form.
        keyed = [forms.get(w, w) for w in words]
        ref = "company:" + normalise_key(" ".join(keyed))
        after = text_of(self.doc)[ent.end_char: min(len(text_of(self.doc)), ent.end_char + 80)]
        props: dict[str, Any] = {"legal_form": legal}
        juris = _JURISDICTION.search(after) or re.match(r"\s*\(([A-Z][\w ]+)\)", after)
        if juris:
            country = resolve_country(juris.group(1))
            props["jurisdiction"] = country.iso3 if country else None
        self.builder.node(Label.COMPANY, ref, name,
                          self.builder.evidence(ent, "ruler:company", 0.85), props, alias=ent.text)
        self._mention(ent, ref, Label.COMPANY)

    def _account(self, ent: Span) -> None:
        raw = re.sub(r"^(account|acct|a/c)\s*(no\.?|number|#|nr)?\s*\.?\s*", "", ent.text,
                     flags=re.IGNORECASE)
        number = re.sub(r"[\s-]", "", raw).upper()
        props: dict[str, Any] = {}
        if re.fullmatch(r"[A-Z]{2}\d{2}[A-Z0-9]{10,30}", number):
            props["iban"] = number
        bank = self._bank_near(ent)
        props["bank"] = bank
        ref = "account:" + number
        self.builder.node(Label.BANK_ACCOUNT, ref, number,
                          self.builder.evidence(ent, "ruler:iban" if "iban" in props
                                                else "ruler:account", 0.9),
                          props, alias=ent.text)
        self._mention(ent, ref, Label.BANK_ACCOUNT)

    def _bank_near(self, ent: Span) -> str | None:
        for other in ents_in(sentence_of(ent)):
            is_bank = other.label_ in ("ORG", "COMPANY") and "bank" in other.text.lower()
            near = -12 <= other.start - ent.end <= 12 or -12 <= ent.start - other.end <= 12
            if is_bank and near:
                return _strip_the(other.text)
        return None

    def _group(self, ent: Span) -> None:
        text = ent.text
        known = re.search(r"known as\s+[\"“']?(.+?)[\"”']?$", text)
        name = known.group(1) if known else text
        key = normalise_key(_strip_the(name))
        ref = "group:" + key
        self.builder.node(Label.TRAFFICKING_GROUP, ref, name,
                          self.builder.evidence(ent, "ruler:trafficking_group", 0.85),
                          alias=text)
        self._mention(ent, ref, Label.TRAFFICKING_GROUP)
