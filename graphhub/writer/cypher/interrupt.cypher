MATCH (r:IngestRun {id: $id, status: 'running'})
SET r.status = 'interrupted', r.interrupted_at = $now, r.finished_at = $now,
    r.interrupted_reason = $reason
RETURN r.id AS id
