// Merge $merged into $keep as a reversible judgement. The merged node stays, hidden by
// merged_into; each of its relationships ($types) is copied onto the kept node with the
// judgement's id as merge_id, so undoing deletes exactly the copies. Relationships between
// the two nodes are not copied (they would become loops). Its names become aliases of $keep.
MATCH (k:Entity {id: $keep}), (m:Entity {id: $merged})
WHERE k <> m AND k.merged_into IS NULL AND m.merged_into IS NULL
  AND ($restricted_ok OR (k.classification = 'public' AND m.classification = 'public'))
WITH k, m, coalesce(k.aliases, []) AS had
WITH k, m, had, reduce(acc = [], a IN [m.name] + coalesce(m.aliases, []) |
       CASE WHEN a IS NULL OR a = k.name OR a IN had OR a IN acc THEN acc ELSE acc + a END
     ) AS added
CREATE (j:Judgement {id: $id, kind: 'merge', keep: $keep, merged: $merged, reason: $reason,
                     by: $by, at: $at, classification: 'restricted', aliases_added: added,
                     keep_had_aliases: k.aliases IS NOT NULL})
SET m.merged_into = $keep, k.aliases = had + added
WITH k, m, j
CALL (k, m, j) {
  MATCH (m)-[r]->(o)
  WHERE type(r) IN $types AND o <> k AND o <> m
  CREATE (k)-[c:$(type(r))]->(o)
  SET c = properties(r), c.merge_id = j.id
  RETURN count(c) AS outgoing
}
CALL (k, m, j) {
  MATCH (o)-[r]->(m)
  WHERE type(r) IN $types AND o <> k AND o <> m
  CREATE (o)-[c:$(type(r))]->(k)
  SET c = properties(r), c.merge_id = j.id
  RETURN count(c) AS incoming
}
SET j.copied = outgoing + incoming
RETURN j {.*} AS judgement
