// Undo a merge: delete the copies it made (merge_id), take back the aliases (public and
// restricted) it added and show the merged node again. Refused (no row) once undone, or
// while the kept node is itself merged into another by a later judgement. The proposal
// the merge accepted, if any, is pending again: the analyst decides it anew.
MATCH (j:Judgement {id: $id})
WHERE j.kind = 'merge' AND j.undone_at IS NULL
  AND ($restricted_ok OR j.classification = 'public')
MATCH (k:__LABEL__ {id: j.keep}), (m:__LABEL__ {id: j.merged})
WHERE k.merged_into IS NULL AND m.merged_into = j.keep
CALL (k, j) {
  MATCH (k)-[c]-()
  WHERE c.merge_id = j.id
  DELETE c
  RETURN count(c) AS removed
}
WITH k, m, j, removed, [a IN coalesce(k.aliases, []) WHERE NOT a IN j.aliases_added] AS kept,
     [a IN coalesce(k.restricted_aliases, [])
      WHERE NOT a IN coalesce(j.restricted_aliases_added, [])] AS kept_restricted
SET k.aliases = CASE WHEN NOT j.keep_had_aliases AND size(kept) = 0 THEN null ELSE kept END,
    k.restricted_aliases = CASE WHEN size(kept_restricted) = 0 THEN null ELSE kept_restricted END,
    j.undone_at = $at, j.undone_by = $by, j.removed = removed
REMOVE m.merged_into
WITH j
OPTIONAL MATCH (p:Judgement {id: j.proposal})
SET p.status = 'pending', p.merge_judgement = null, p.undone_at = $at, p.undone_by = $by
RETURN j {.*} AS judgement
