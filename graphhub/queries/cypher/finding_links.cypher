// What each visible finding concerns (entities) and who reported it (organizations).
UNWIND $ids AS fid
MATCH (f:Finding {id: fid})-[r:CONCERNS|BY]->(o)
WHERE coalesce(o.merged_into, '') = ''
  AND ($restricted_ok OR (r.classification = 'public' AND o.classification = 'public'))
RETURN fid AS key, type(r) AS type, o {.*, labels: labels(o)} AS node
ORDER BY key, type, node.name
