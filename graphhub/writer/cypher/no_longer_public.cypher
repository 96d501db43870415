MATCH (old:Document {id: $old})-[:MENTIONS]->(n)
WITH DISTINCT n
CALL (n) {
  WITH n WHERE n.classification = 'public' AND n.sources <> []
    AND NOT EXISTS { MATCH (d:Document) WHERE d.id IN n.sources AND d.classification = 'public' }
  RETURN elementId(n) AS element, properties(n) AS props, true AS node
  UNION
  MATCH (n)-[r]-() WHERE type(r) <> 'MENTIONS' AND r.classification = 'public'
    AND coalesce(r.sources, []) <> []
    AND NOT EXISTS { MATCH (d:Document) WHERE d.id IN r.sources AND d.classification = 'public' }
  RETURN DISTINCT elementId(r) AS element, properties(r) AS props, false AS node
}
RETURN element, props, node
