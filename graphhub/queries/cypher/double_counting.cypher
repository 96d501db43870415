// Projects whose visible fundings are stated by more than one source format, with those
// fundings: the material of `graphhub check double-counting` and `doubleCounting`.
MATCH (d:Organization)-[f:FUNDS]->(p:Project)
WHERE ($restricted_ok OR (d.classification = 'public' AND f.classification = 'public'
                          AND p.classification = 'public'))
WITH p, collect({rel: {id: f.id, type: type(f), start: d.id, end: p.id, props: properties(f)},
                 donor: d {.*, labels: labels(d)}}) AS fundings
WITH p, fundings,
     reduce(kinds = [], x IN fundings |
       kinds + [k IN coalesce(x.rel.props.source_kinds, []) WHERE NOT k IN kinds]) AS kinds
// A restricted layer may name more formats (read in Python, for the FIU roles only).
WHERE size(kinds) > 1
   OR ($restricted_ok AND any(x IN fundings WHERE x.rel.props.restricted_props IS NOT NULL))
RETURN p {.*, labels: labels(p)} AS project, fundings
ORDER BY coalesce(p.code, p.id)
