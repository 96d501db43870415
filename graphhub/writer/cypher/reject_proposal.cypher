// Reject a pending proposal the caller may see: it stays rejected, ingestion never
// proposes the pair again. No row when it is not pending (or not visible).
MATCH (j:Judgement {id: $id})
WHERE j.kind = 'proposal' AND j.status = 'pending'
  AND ($restricted_ok OR j.classification = 'public')
SET j.status = 'rejected', j.decided_by = $by, j.decided_at = $at, j.decision_reason = $reason
RETURN j {.*} AS proposal
