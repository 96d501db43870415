// Merge judgements by id, or those about an entity (as kept or merged node); newest first.
// Merge proposals are listed by proposals.cypher.
MATCH (j:Judgement)
WHERE ($restricted_ok OR j.classification = 'public') AND coalesce(j.kind, 'merge') = 'merge'
  AND (j.id IN $ids OR j.keep = $entity OR j.merged = $entity)
OPTIONAL MATCH (k:Entity {id: j.keep})
OPTIONAL MATCH (o:Organization {id: j.keep})
RETURN j {.*} AS judgement, coalesce(k.merged_into, o.merged_into) AS keep_merged_into
ORDER BY j.at DESC, j.id
