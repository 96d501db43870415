MATCH (r:IngestRun {id: $id})
SET r += $counts, r.progress_at = $now
