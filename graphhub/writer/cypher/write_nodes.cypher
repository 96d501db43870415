CYPHER replan=skip
UNWIND $rows AS row
MATCH (n:__LABEL__ {id: row.id})
SET n = row.props
WITH n, row
UNWIND row.mentions AS m
MATCH (d:Document {id: m.doc})
CREATE (d)-[r:MENTIONS]->(n)
SET r = m.props
RETURN count(r) AS mentions
