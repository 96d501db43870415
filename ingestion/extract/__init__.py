"""Extraction of graph records from narrative text with a spaCy pipeline and rules.

``pipeline`` is the entry point; the other modules each hold one concept
(money, quantities, countries, the gazetteer, the registered components,
the record builder and the relation rules under ``relations``).
"""
