CYPHER replan=skip
UNWIND $ids AS id
MERGE (n:__LABEL__ {id: id})
ON CREATE SET n._new = true
__EXTRA__
SET n._writing = $token
RETURN id, properties(n) AS props
