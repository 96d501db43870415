// Visible FUNDS relationships of the given donors ($side = 'donor') or projects ('project'),
// each with its kind and the flags of the FLAGS slot (funding_flags.cypher): whether it is onward
// money and whether a better-ranked source states it (superseded).
MATCH (d:Organization WHERE d.merged_into IS NULL)-[f:FUNDS]->(p:Project)
WHERE ((($side = 'donor') AND d.id IN $ids) OR (($side = 'project') AND p.id IN $ids))
  AND ($restricted_ok OR (d.classification = 'public' AND f.classification = 'public'
                          AND p.classification = 'public'))
__FLAGS__
RETURN CASE $side WHEN 'donor' THEN d.id ELSE p.id END AS key,
       {id: f.id, type: type(f), start: d.id, end: p.id, props: properties(f)} AS rel,
       d {.*, labels: labels(d)} AS donor, p {.*, labels: labels(p)} AS project,
       kind, superseded, coalesce(f.onward = true, false) AS onward
ORDER BY key, f.year, p.code, d.name, f.id
