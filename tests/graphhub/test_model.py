"""The model is a schema: every Cypher text uses only what it declares, and what derives
from it (README, relation rules, FtM mapping) agrees with it."""

from __future__ import annotations

import ast
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import yaml

from graphhub.model import (
    ALL_NODE_PROPS,
    ALL_REL_PROPS,
    RELATIONSHIPS,
    Label,
    RelType,
    allows,
    markdown,
    node_props,
    rel_props,
)
from graphhub.model.markdown import END, START
from ingestion.sources.ftm import mapping, mapping_problems

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("graphhub", "ingestion")
FTM_MODEL = ROOT.parent / "shared/data/external/ftm/followthemoney_defaultModel.json"

# --- reading Cypher -------------------------------------------------------------------------

_LOOKS_LIKE_CYPHER = re.compile(
    r"\b(MATCH|MERGE|CREATE|UNWIND|RETURN|DETACH DELETE)\b|[(\[]\w*:[A-Za-z]|\]-|-\["
)
_COMMENT = re.compile(r"//[^\n]*")
_STRING = re.compile(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"")
# `(var:Label:Other`, `[var:TYPE|OTHER`, and `var:Label` predicates: the name follows the
# colon directly (a map entry `key: value` has a space after its colon).
_NAMES = re.compile(
    r"(?<![\w$.])(?P<open>[(\[])?\s*(?P<var>\w*)(?P<names>(?::[A-Za-z_]\w*(?:\|:?[A-Za-z_]\w*)*)+)"
)
_NAME = re.compile(r"[A-Za-z_]\w*")
_NODE = re.compile(r"(?<![\w$.])\(\s*(\w+)\s*(?P<labels>(?::[\w|]+)*)\s*(?=[){])")
_REL = re.compile(r"(?<![\w$.])\[\s*(\w+)\s*(?P<labels>(?::[\w|]+)*)\s*(?=[\]{*])")
_PATTERN_MAP = re.compile(
    r"(?<![\w$.])(?P<open>[(\[])\s*(?P<var>\w*)\s*(?P<labels>(?::[\w|:]*)*)\s*(?:\*[\d.]*\s*)?"
    r"\{(?P<map>[^{}]*)\}"
)
_SET_MAP = re.compile(r"\b(\w+)\s*\+?=\s*\{([^{}]*)\}")
_MAP_KEY = re.compile(r"(?:^|,)\s*(\w+)\s*:")
_ACCESS = re.compile(r"(?<![\w$.])(\w+)\.(\w+)\b(?!\s*\()")


@dataclass
class Used:
    """Labels, relationship types and property keys (with the labels or types their
    variable is bound to, empty when unknown) one Cypher text uses."""

    labels: set[str] = field(default_factory=set)
    types: set[str] = field(default_factory=set)
    node_keys: set[tuple[str, frozenset[str]]] = field(default_factory=set)
    rel_keys: set[tuple[str, frozenset[str]]] = field(default_factory=set)


def _clean(text: str) -> str:
    return _STRING.sub("''", _COMMENT.sub("", text))


def _split(labels: str) -> set[str]:
    return set(_NAME.findall(labels))


def used(text: str) -> Used:
    """What one Cypher text uses. Keys are read from `var.key` where `var` is bound in a
    node or relationship pattern, from pattern maps and from `SET var = {...}` /
    `var += {...}`; map projections, UNWIND rows and parameters are not graph keys."""
    text = _clean(text)
    out = Used()
    for m in _NAMES.finditer(text):
        if not m.group("open") and not m.group("var"):
            continue
        names = _split(m.group("names"))
        (out.types if m.group("open") == "[" else out.labels).update(names)
    nodes: dict[str, set[str]] = {}
    rels: dict[str, set[str]] = {}
    for m in _NODE.finditer(text):
        nodes.setdefault(m.group(1), set()).update(_split(m.group("labels")))
    for m in _REL.finditer(text):
        rels.setdefault(m.group(1), set()).update(_split(m.group("labels")))

    def key(var: str, prop: str) -> None:
        if var in rels:
            out.rel_keys.add((prop, frozenset(rels[var])))
        elif var in nodes:
            out.node_keys.add((prop, frozenset(nodes[var])))

    for m in _PATTERN_MAP.finditer(text):
        labels = frozenset(_split(m.group("labels")))
        target = out.rel_keys if m.group("open") == "[" else out.node_keys
        target.update((prop, labels) for prop in _MAP_KEY.findall(m.group("map")))
    for m in _SET_MAP.finditer(text):
        for prop in _MAP_KEY.findall(m.group(2)):
            key(m.group(1), prop)
    for m in _ACCESS.finditer(text):
        key(m.group(1), m.group(2))
    return out


def _docstrings(tree: ast.AST) -> set[int]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            first = node.body[0] if node.body else None
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                found.add(id(first.value))
    return found


def python_cypher(path: Path) -> Iterator[tuple[int, str]]:
    """The string constants and f-strings (their literal parts) of a module that look like
    Cypher, with their line; docstrings are prose."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip = _docstrings(tree)
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            skip.update(id(value) for value in node.values)
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            text = node.value
        elif isinstance(node, ast.JoinedStr):
            text = "".join(v.value for v in node.values if isinstance(v, ast.Constant))
        else:
            continue
        if _LOOKS_LIKE_CYPHER.search(text):
            yield node.lineno, text


def cypher_texts() -> list[tuple[str, str]]:
    """(where, text) for every .cypher file and every Cypher string of the packages."""
    texts: list[tuple[str, str]] = []
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.cypher")):
            texts.append((str(path.relative_to(ROOT)), unslotted(path.read_text("utf-8"))))
        for path in sorted((ROOT / package).rglob("*.py")):
            where = str(path.relative_to(ROOT))
            texts += [(f"{where}:{line}", text) for line, text in python_cypher(path)]
    return texts


def unslotted(text: str) -> str:
    """A template's text with its slots (``__LABEL__``, filled from the model's enums when it
    runs) left out: what it names for sure is still checked, the slots' variables against
    every declared key."""
    return re.sub(r"__[A-Z]+__", "", re.sub(r":__[A-Z]+__", "", text))


def undeclared(text: str) -> list[str]:
    """What a Cypher text uses that the model does not declare."""
    found = used(text)
    labels = {str(label) for label in Label}
    types = {str(rel) for rel in RelType}
    problems = [f"label {x}" for x in sorted(found.labels - labels)]
    problems += [f"relationship type {x}" for x in sorted(found.types - types)]
    for prop, bound in sorted(found.node_keys, key=str):
        known = [x for x in bound if x in labels]
        allowed = node_props(known) if known else ALL_NODE_PROPS
        if prop not in allowed:
            problems.append(f"property {prop} of {'|'.join(sorted(bound)) or 'a node'}")
    for prop, bound in sorted(found.rel_keys, key=str):
        known = [x for x in bound if x in types]
        allowed = rel_props(known) if known else ALL_REL_PROPS
        if prop not in allowed:
            problems.append(f"property {prop} of {'|'.join(sorted(bound)) or 'a relationship'}")
    return problems


# --- the scanner itself ----------------------------------------------------------------------


def test_the_scanner_reads_labels_types_and_keys() -> None:
    found = used(
        "MATCH (p:Project {code: $code})-[f:FUNDS|IN_SECTOR]->(s:Sector) // (x:Nothing)\n"
        "WHERE n:Person AND p.title = 'a (q:Quoted)' AND row.ignored = 1\n"
        "SET f.year = 1, s += {name: $name} RETURN {shown: p.status} AS out, $param.x"
    )
    assert found.labels == {"Project", "Sector", "Person"}
    assert found.types == {"FUNDS", "IN_SECTOR"}
    assert {prop for prop, _ in found.node_keys} == {"code", "title", "name", "status"}
    assert found.rel_keys == {("year", frozenset({"FUNDS", "IN_SECTOR"}))}


def test_the_scanner_catches_misspelt_names() -> None:
    assert undeclared("MATCH (n:Persn)-[:OWNZ]->(m:Company) RETURN n.nmae, m.name") == [
        "label Persn",
        "relationship type OWNZ",
        "property nmae of Persn",
    ]
    assert undeclared("MATCH (p:Project) RETURN p.start_year, p.iban") == [
        "property iban of Project"
    ]


def test_python_strings_are_found_and_docstrings_skipped(tmp_path: Path) -> None:
    module = tmp_path / "m.py"
    module.write_text(
        '"""MATCH (x:Docstring)"""\nlabel = "L"\nQ = f"MATCH (n:{label} {{id: $id}}) RETURN n"\n'
        'NOT = "a plain sentence"\n',
        encoding="utf-8",
    )
    assert [text for _, text in python_cypher(module)] == ["MATCH (n: {id: $id}) RETURN n"]


# --- every Cypher text of the packages -------------------------------------------------------


def test_there_are_cypher_texts_to_check() -> None:
    wheres = [where for where, _ in cypher_texts()]
    assert any(w.startswith("graphhub/") and w.endswith(".cypher") for w in wheres)
    assert any(w.startswith("ingestion/") and w.endswith(".cypher") for w in wheres)
    assert any(w.startswith("graphhub/") and ".py:" in w for w in wheres)


@pytest.mark.parametrize(("where", "text"), cypher_texts(), ids=lambda x: x[:60])
def test_cypher_uses_only_what_the_model_declares(where: str, text: str) -> None:
    problems = undeclared(text)
    assert not problems, f"{where}: not in graphhub.model: {', '.join(problems)}"


# --- what derives from the model -------------------------------------------------------------


def test_readme_graph_model_section_is_generated() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert START in readme and END in readme, "README lacks the model markers"
    section = readme[readme.index(START) : readme.index(END) + len(END)]
    assert section == markdown(), (
        "README's Graph model section is out of date: replace it with graphhub.model.markdown()"
    )


def test_every_relationship_type_has_ends() -> None:
    for rel in RELATIONSHIPS:
        assert rel.start and rel.end, rel.type
    assert allows(RelType.HOLDS, Label.PERSON, Label.BANK_ACCOUNT)
    assert not allows(RelType.HOLDS, Label.BANK_ACCOUNT, Label.PERSON)
    assert allows(RelType.SUPERSEDES, Label.DOCUMENT, Label.DOCUMENT)


def test_relation_rules_have_ends_the_model_allows() -> None:
    rules = yaml.safe_load(
        (ROOT / "ingestion" / "extract" / "data" / "relations.yaml").read_text(encoding="utf-8")
    )["entity_relations"]
    for rule in rules:
        for start in rule["start"]:
            for end in rule["end"]:
                assert allows(rule["rel"], start, end), (rule["rel"], start, end)


def test_ftm_mapping_fits_the_model() -> None:
    assert mapping_problems(mapping()) == []
    broken = {**mapping(), "edges": {"Payment": {"type": "PAYS", "source": "a", "target": "b"}}}
    assert "edges.Payment: PAYS is not a relationship type" in mapping_problems(broken)


def _ftm_schemata() -> dict[str, dict[str, object]]:
    if not FTM_MODEL.is_file():
        pytest.skip(f"the FtM model is not at {FTM_MODEL} (shared data absent)")
    loaded = json.loads(FTM_MODEL.read_text(encoding="utf-8"))
    schemata: dict[str, dict[str, object]] = loaded.get("schemata", loaded)
    return schemata


def _ftm_properties(schemata: dict[str, dict[str, object]], name: str) -> set[str]:
    """A schema's property names, with those of the schemata it extends."""
    schema = schemata[name]
    props = set(schema.get("properties", {}))  # type: ignore[call-overload]
    for parent in schema.get("extends", []):  # type: ignore[attr-defined]
        props |= _ftm_properties(schemata, parent)
    return props


def test_ftm_mapping_conforms_to_followthemoney() -> None:
    schemata = _ftm_schemata()
    spec = mapping()
    for schema in [*spec["nodes"], *spec["export_nodes"].values(), *spec["edges"]]:
        assert schema in schemata, f"{schema} is not a FollowTheMoney schema"
    node_props_ftm = set().union(*(_ftm_properties(schemata, s) for s in spec["nodes"]))
    for prop in spec["node_properties"]:
        assert prop in node_props_ftm, f"node property {prop} is in no mapped FtM schema"
    edge_props_ftm = set().union(*(_ftm_properties(schemata, s) for s in spec["edges"]))
    for schema, edge in spec["edges"].items():
        props = _ftm_properties(schemata, schema)
        assert edge["source"] in props and edge["target"] in props, schema
    for prop in spec["edge_properties"]:
        assert prop in edge_props_ftm, f"edge property {prop} is in no mapped FtM schema"
