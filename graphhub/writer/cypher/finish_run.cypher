MATCH (r:IngestRun {id: $id})
SET r += $counts, r.errors = $errors, r.finished_at = $now, r.status = $status
