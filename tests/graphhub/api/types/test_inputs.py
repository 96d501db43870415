"""GraphQL inputs are the query layer's filters: the same fields, passed on as they are."""

from __future__ import annotations

from dataclasses import fields

import pytest

from graphhub.api.types.inputs import FindingFilter, ProjectFilter, SeizureFilter
from graphhub.queries import filters, findings, seizures


@pytest.mark.parametrize(
    ("graphql", "query"),
    [
        (ProjectFilter, filters.FundingFilter),
        (FindingFilter, findings.FindingFilter),
        (SeizureFilter, seizures.SeizureFilter),
    ],
)
def test_an_input_has_the_fields_of_its_query_filter(graphql: type, query: type) -> None:
    assert issubclass(graphql, query)
    assert [f.name for f in fields(graphql)] == [f.name for f in fields(query)]


def test_an_input_is_checked_by_the_query_layer() -> None:
    where = ProjectFilter(country="KGZ", year_from=2013)
    assert where.params()["country"] == "KGZ"
