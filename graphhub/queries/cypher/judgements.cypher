// Judgements by id, or those about an entity (as kept or merged node); newest first.
MATCH (j:Judgement)
WHERE ($restricted_ok OR j.classification = 'public')
  AND (j.id IN $ids OR j.keep = $entity OR j.merged = $entity)
OPTIONAL MATCH (k:Entity {id: j.keep})
RETURN j {.*} AS judgement, k.merged_into AS keep_merged_into
ORDER BY j.at DESC, j.id
