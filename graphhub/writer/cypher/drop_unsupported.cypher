MATCH (old:Document {id: $old})-[m:MENTIONS]->(n)
WITH old, collect(DISTINCT n) AS nodes
MATCH (old)-[m:MENTIONS]->()
DELETE m
WITH old, nodes
UNWIND nodes AS n
OPTIONAL MATCH (n)-[r]-() WHERE r.sources = []
DELETE r
WITH DISTINCT old, n
WHERE n.sources = []
DETACH DELETE n
