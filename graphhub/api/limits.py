"""Query limits that count what would run: fields, cost, depth and aliases after fragments.

A document is measured once per request, before validation by the other rules and
before execution. Each fragment is measured once (memoised), so measuring takes time
in proportion to the document's size even when its fragments expand to billions of
fields (``fragment F2 on Query { ...F1 ...F1 }`` and so on). The measure:

- fields: the number of fields the operation selects once every spread is expanded;
- cost: every field costs 1, and what a field selects below it counts as many times as
  the field may return items: its ``first`` argument (given, defaulted or from the
  variables, capped at the page-size limit) for paged fields, ``LIST_ESTIMATE`` for
  other lists; the lists inside a paged connection (``edges``, ``nodes``) are paid for
  by the connection's ``first``. Introspection (``__schema``, ``__type``) counts fields
  only, not multiplied and not towards depth;
- depth: nesting of fields with a selection (a leaf adds nothing), as graphql depth
  limits usually count it;
- aliases: aliased fields after expansion;
- fragment depth: how deeply fragment spreads nest (a spread inside a spread inside ...).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from graphql import (
    ASTValidationRule,
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLNamedType,
    GraphQLSchema,
    InlineFragmentNode,
    IntValueNode,
    OperationDefinitionNode,
    SelectionSetNode,
    ValidationContext,
    VariableNode,
    get_named_type,
    get_nullable_type,
    is_list_type,
)
from graphql.type.introspection import SchemaMetaFieldDef, TypeMetaFieldDef

from graphhub.queries.paging import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE

LIST_ESTIMATE = 10  # items assumed for a list field that takes no page size
_SATURATE = 10**15  # measures stop growing here; every limit is far below
_INTROSPECTION = {"__schema": SchemaMetaFieldDef, "__type": TypeMetaFieldDef}


@dataclass(frozen=True)
class QueryLimits:
    """The most a single operation may ask for (GRAPHHUB_MAX_QUERY_* settings)."""

    depth: int = 12
    aliases: int = 20
    fields: int = 2000
    cost: int = 250_000
    fragment_depth: int = 8


@dataclass(frozen=True)
class Measure:
    """What an operation (or a part of it) asks for; see the module docstring."""

    fields: int = 0
    cost: int = 0
    depth: int = 0
    aliases: int = 0
    fragment_depth: int = 0

    def plus(self, other: Measure) -> Measure:
        """Two sibling selections: counts add up, depths take the larger."""
        return Measure(
            min(self.fields + other.fields, _SATURATE),
            min(self.cost + other.cost, _SATURATE),
            max(self.depth, other.depth),
            min(self.aliases + other.aliases, _SATURATE),
            max(self.fragment_depth, other.fragment_depth),
        )


_NOTHING = Measure()


class _Measurer:
    """Measures the operations of one document; fragments are measured once each."""

    def __init__(
        self, schema: GraphQLSchema, document: DocumentNode, variables: Mapping[str, Any]
    ) -> None:
        self.schema = schema
        self.variables = variables
        self.fragments = {
            d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
        }
        self.memo: dict[tuple[str, bool, bool], Measure] = {}
        self.in_progress: set[str] = set()

    def operation(self, node: OperationDefinitionNode) -> Measure:
        root = self.schema.get_root_type(node.operation)
        return self.selections(node.selection_set, root, paged=False, introspection=False)

    def selections(
        self,
        selection_set: SelectionSetNode,
        parent: GraphQLNamedType | None,
        paged: bool,
        introspection: bool,
    ) -> Measure:
        total = _NOTHING
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                part = self.field(selection, parent, paged, introspection)
            elif isinstance(selection, InlineFragmentNode):
                condition = (
                    self.schema.get_type(selection.type_condition.name.value)
                    if selection.type_condition
                    else parent
                )
                part = self.selections(selection.selection_set, condition, paged, introspection)
            elif isinstance(selection, FragmentSpreadNode):
                part = self.spread(selection.name.value, paged, introspection)
            else:  # pragma: no cover - graphql-core has no other selection kinds
                continue
            total = total.plus(part)
        return total

    def spread(self, name: str, paged: bool, introspection: bool) -> Measure:
        key = (name, paged, introspection)
        if key in self.memo:
            return self.memo[key]
        fragment = self.fragments.get(name)
        if fragment is None or name in self.in_progress:
            return _NOTHING  # unknown spreads and cycles are reported by the spec's rules
        self.in_progress.add(name)
        try:
            inner = self.selections(
                fragment.selection_set,
                self.schema.get_type(fragment.type_condition.name.value),
                paged,
                introspection,
            )
        finally:
            self.in_progress.discard(name)
        measured = Measure(
            inner.fields, inner.cost, inner.depth, inner.aliases, inner.fragment_depth + 1
        )
        self.memo[key] = measured
        return measured

    def field(
        self, node: FieldNode, parent: GraphQLNamedType | None, paged: bool, introspection: bool
    ) -> Measure:
        name = node.name.value
        definition = _INTROSPECTION.get(name) if name.startswith("__") else None
        if definition is None:
            fields = getattr(parent, "fields", None)
            definition = fields.get(name) if isinstance(fields, Mapping) else None
        introspection = introspection or name in _INTROSPECTION
        alias = 1 if node.alias is not None else 0
        if node.selection_set is None:
            return Measure(1, 1, 0, alias, 0)
        returned = get_nullable_type(definition.type) if definition is not None else None
        child_type = get_named_type(returned) if returned is not None else None
        is_list = returned is not None and is_list_type(returned)
        first = definition.args.get("first") if definition is not None else None
        has_first = first is not None
        if introspection:
            times = 1
        elif first is not None:
            times = self.page_size(node, first.default_value)
        elif is_list and not paged:
            times = LIST_ESTIMATE
        else:
            times = 1
        inner = self.selections(
            node.selection_set, child_type, has_first and not is_list, introspection
        )
        return Measure(
            min(1 + inner.fields, _SATURATE),
            min(1 + times * inner.cost, _SATURATE),
            inner.depth if introspection else 1 + inner.depth,
            min(alias + inner.aliases, _SATURATE),
            inner.fragment_depth,
        )

    def page_size(self, node: FieldNode, default: Any) -> int:
        """How many items ``first`` asks for: the argument, its variable or default, capped."""
        value: Any = default
        for argument in node.arguments or ():
            if argument.name.value != "first":
                continue
            if isinstance(argument.value, IntValueNode):
                value = int(argument.value.value)
            elif isinstance(argument.value, VariableNode):
                value = self.variables.get(argument.value.name.value, MAX_PAGE_SIZE)
        size = value if isinstance(value, int) and not isinstance(value, bool) else None
        return max(1, min(size or DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE))


def measure(
    schema: GraphQLSchema, document: DocumentNode, variables: Mapping[str, Any] | None = None
) -> dict[str, Measure]:
    """The measure of each operation of ``document`` by name ("anonymous" for one without)."""
    measurer = _Measurer(schema, document, variables or {})
    return {
        (d.name.value if d.name else "anonymous"): measurer.operation(d)
        for d in document.definitions
        if isinstance(d, OperationDefinitionNode)
    }


def _over(name: str, measured: Measure, limits: QueryLimits) -> list[str]:
    checks = [
        (measured.fields, limits.fields, "selects {n} fields once its fragments are expanded"),
        (measured.cost, limits.cost, "has an estimated cost of {n} (lists count per item)"),
        (measured.depth, limits.depth, "nests fields {n} deep"),
        (measured.aliases, limits.aliases, "uses {n} aliases"),
        (measured.fragment_depth, limits.fragment_depth, "nests fragment spreads {n} deep"),
    ]
    return [
        f"operation '{name}' {what.format(n=value)}; the limit is {limit}"
        for value, limit, what in checks
        if value > limit
    ]


def limits_rule(
    limits: QueryLimits, variables: Mapping[str, Any] | None = None
) -> type[ASTValidationRule]:
    """A validation rule reporting every operation of the document that is over ``limits``."""

    class QueryLimitsRule(ASTValidationRule):
        def __init__(self, context: ValidationContext) -> None:
            super().__init__(context)
            document = context.document
            operations = {
                (d.name.value if d.name else "anonymous"): d
                for d in document.definitions
                if isinstance(d, OperationDefinitionNode)
            }
            for name, measured in measure(context.schema, document, variables).items():
                for message in _over(name, measured, limits):
                    context.report_error(GraphQLError(message, operations.get(name)))

    return QueryLimitsRule
