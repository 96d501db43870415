CYPHER replan=skip
UNWIND $rows AS row
MATCH (a:__START__ {id: row.start})
MATCH (b:__END__ {id: row.end})
MERGE (a)-[r:__TYPE__ {id: row.id}]->(b)
ON CREATE SET r._new = true
__EXTRA__
SET r._writing = $token
RETURN row.id AS id, properties(r) AS props
