// In the batch's own transaction: the marker and the run's progress move with its rows.
MATCH (d:Document {id: $doc})
SET d.loaded_through = $last
WITH d
OPTIONAL MATCH (r:IngestRun {id: $run})
FOREACH (_ IN CASE WHEN r IS NULL THEN [] ELSE [1] END |
  SET r.edges_TRANSFER = coalesce(r.edges_TRANSFER, 0) + $transfers,
      r.loading = $path, r.loaded_through_row = $last, r.progress_at = $now)
