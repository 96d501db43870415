MATCH (old:Document {id: $old})-[m:MENTIONS]->(n)
WITH DISTINCT old, n
SET n.sources = [s IN coalesce(n.sources, []) WHERE s <> old.id]
WITH old, n
OPTIONAL MATCH (n)-[r]-() WHERE old.id IN coalesce(r.sources, [])
WITH old, n, collect(DISTINCT r) AS rels
FOREACH (r IN rels |
  SET r.sources = [s IN r.sources WHERE s <> old.id],
      r.evidence = [e IN coalesce(r.evidence, []) WHERE NOT e STARTS WITH $prefix])
RETURN count(n) AS nodes
