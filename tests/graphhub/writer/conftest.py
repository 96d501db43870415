"""The query tests' fixtures (the sample graph, Runners), for the judgement writes."""

from tests.graphhub.queries.conftest import analyst, async_driver, graph, public

__all__ = ["analyst", "async_driver", "graph", "public"]
