CYPHER replan=skip
UNWIND $rows AS row
MATCH (a:__START__ {id: row.start})-[r:__TYPE__ {id: row.id}]->(b:__END__ {id: row.end})
SET r = row.props
RETURN count(r) AS edges
