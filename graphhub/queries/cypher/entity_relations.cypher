// The visible relations ($types) of each entity, both directions, with the node at the other end.
UNWIND $ids AS eid
MATCH (e:Entity {id: eid})-[r]-(o)
WHERE type(r) IN $types AND o.merged_into IS NULL
  AND ($restricted_ok OR (r.classification = 'public' AND o.classification = 'public'))
RETURN eid AS key,
       {id: r.id, type: type(r), start: startNode(r).id, end: endNode(r).id,
        props: properties(r)} AS rel,
       o {.*, labels: labels(o)} AS other
ORDER BY key, rel.type, other.name, rel.id
