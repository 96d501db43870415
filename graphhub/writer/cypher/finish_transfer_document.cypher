MATCH (d:Document {id: $doc})
SET d.complete = true, d.current = true, d += $counts
