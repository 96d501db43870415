MATCH (old:Document {id: $old}), (new:Document {id: $new})
SET old.current = false, old.superseded_at = $now
MERGE (new)-[:SUPERSEDES]->(old)
