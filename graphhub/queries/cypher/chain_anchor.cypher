// The visible organization or project a funding-chain query starts from: its id and labels.
CALL {
  MATCH (n:Organization {id: $id}) RETURN n
  UNION
  MATCH (n:Project {id: $id}) RETURN n
}
WITH n
WHERE $restricted_ok OR n.classification = 'public'
RETURN n.id AS id, labels(n) AS labels
