"""The only code that writes to the graph.

- ``documents``: one document and everything it asserts, in one transaction;
- ``transfers``: the bulk path of FIU transfer exports, batch by batch;
- ``runs``: ingestion runs (``IngestRun``), their progress and how they ended;
- ``restricted_values``: which values of a node partners may see (the two layers);
- ``rows``: what the writer takes.

Labels and relationship types come from ``graphhub.model``; values go only through
parameters; the Cypher is in ``cypher/*.cypher``.
"""
