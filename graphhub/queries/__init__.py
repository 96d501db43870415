"""Read (and the few write) queries over the graph, shared by the API, reports and CLI.

Each module holds one concern and returns plain dataclasses or dicts; Cypher lives
in ``cypher/*.cypher`` (or a constants module where the text depends on a bounded
number such as a hop count), with values only as parameters.
"""
