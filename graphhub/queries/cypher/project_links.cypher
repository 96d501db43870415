// What surrounds each visible project: countries, sectors, implementers, programmes, phases.
UNWIND $ids AS pid
MATCH (p:Project {id: pid})
WHERE ($restricted_ok OR p.classification = 'public')
CALL (p) {
  OPTIONAL MATCH (p)-[r:IN_COUNTRY|IN_SECTOR|IMPLEMENTED_BY|PART_OF|FOLLOWS]->(o)
  WHERE o.merged_into IS NULL
    AND ($restricted_ok OR (r.classification = 'public' AND o.classification = 'public'))
  RETURN collect(CASE WHEN o IS NULL THEN null
                      ELSE {type: type(r), node: o {.*, labels: labels(o)}} END) AS outgoing
}
CALL (p) {
  OPTIONAL MATCH (q:Project)-[r:FOLLOWS]->(p)
  WHERE ($restricted_ok OR (r.classification = 'public' AND q.classification = 'public'))
  RETURN collect(q {.*, labels: labels(q)}) AS followed_by
}
RETURN pid AS id, outgoing, followed_by
