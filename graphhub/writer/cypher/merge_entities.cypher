// Merge $merged into $keep as a reversible judgement. The merged node stays, hidden by
// merged_into; each of its relationships ($types) is copied onto the kept node with the
// judgement's id as merge_id, so undoing deletes exactly the copies. Relationships between
// the two nodes are not copied (they would become loops). Its names become aliases of $keep:
// public ones (the names of a public node) join the kept node's aliases; restricted ones
// (all names of a restricted node, and the restricted layer of a public one) join the kept
// node's restricted_aliases when it is public, so that a partner sees no name the merge
// brought from restricted sources. A restricted kept node is restricted as a whole.
// __LABEL__ is Entity (persons, companies, accounts, groups) or Organization. Given
// $proposal, the merge happens only while that proposal of this pair is pending, and
// accepts it (linked both ways).
CALL () {
  OPTIONAL MATCH (p:Judgement {id: $proposal})
  WHERE p.kind = 'proposal' AND p.status = 'pending' AND p.keep = $keep
    AND p.merged = $merged
  RETURN count(p) AS open_proposals
}
WITH open_proposals WHERE $proposal IS NULL OR open_proposals = 1
MATCH (k:__LABEL__ {id: $keep}), (m:__LABEL__ {id: $merged})
WHERE k <> m AND k.merged_into IS NULL AND m.merged_into IS NULL
  AND ($restricted_ok OR (k.classification = 'public' AND m.classification = 'public'))
WITH k, m, coalesce(k.aliases, []) AS had, coalesce(k.restricted_aliases, []) AS had_restricted,
     k.classification = 'public' AS keep_public, m.classification = 'public' AS merged_public
WITH k, m, had, had_restricted, keep_public,
     CASE WHEN merged_public THEN [m.name] + coalesce(m.aliases, []) ELSE [] END AS open_names,
     CASE WHEN merged_public THEN coalesce(m.restricted_aliases, [])
          ELSE [m.name] + coalesce(m.aliases, []) + coalesce(m.restricted_aliases, [])
     END AS closed_names
WITH k, m, had, had_restricted,
     CASE WHEN keep_public THEN open_names ELSE open_names + closed_names END AS to_open,
     CASE WHEN keep_public THEN closed_names ELSE [] END AS to_closed
WITH k, m, had, had_restricted,
     reduce(acc = [], a IN to_open |
       CASE WHEN a IS NULL OR a = k.name OR a IN had OR a IN acc THEN acc ELSE acc + a END
     ) AS added,
     reduce(acc = [], a IN to_closed |
       CASE WHEN a IS NULL OR a = k.name OR a IN had OR a IN had_restricted OR a IN acc
            THEN acc ELSE acc + a END
     ) AS added_restricted
CREATE (j:Judgement {id: $id, kind: 'merge', label: $label, keep: $keep, merged: $merged,
                     reason: $reason, proposal: $proposal,
                     by: $by, at: $at, classification: 'restricted', aliases_added: added,
                     restricted_aliases_added: added_restricted,
                     keep_had_aliases: k.aliases IS NOT NULL})
SET m.merged_into = $keep, k.aliases = had + added,
    k.restricted_aliases = CASE WHEN size(had_restricted + added_restricted) = 0 THEN null
                                ELSE had_restricted + added_restricted END
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
WITH j
OPTIONAL MATCH (p:Judgement {id: $proposal})
SET p.status = 'accepted', p.merge_judgement = j.id, p.decided_by = $by, p.decided_at = $at,
    p.decision_reason = $reason
RETURN j {.*} AS judgement
