// Merge proposals the caller may see, by status and/or entity (as either node), with the
// names of both nodes; oldest first (a review queue), one page of them. A proposal whose
// nodes are gone (a withdrawn document took them) is not listed.
MATCH (j:Judgement)
WHERE j.kind = 'proposal' AND ($restricted_ok OR j.classification = 'public')
  AND ($status IS NULL OR j.status = $status)
  AND ($entity IS NULL OR j.keep = $entity OR j.merged = $entity)
  AND ($ids IS NULL OR j.id IN $ids)
CALL (j) {
  OPTIONAL MATCH (k:Organization {id: j.keep})
  OPTIONAL MATCH (ke:Entity {id: j.keep})
  OPTIONAL MATCH (m:Organization {id: j.merged})
  OPTIONAL MATCH (me:Entity {id: j.merged})
  RETURN coalesce(k, ke) AS keep, coalesce(m, me) AS merged
}
WITH j, keep, merged WHERE keep IS NOT NULL AND merged IS NOT NULL
ORDER BY j.at, j.id
WITH collect(j {.*, keep_name: keep.name, merged_name: merged.name}) AS rows
RETURN size(rows) AS total, rows[$offset..$offset + $limit] AS items
