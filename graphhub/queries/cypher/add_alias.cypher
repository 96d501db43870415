// Add $alias to a visible entity's aliases (the full-text index covers them); unchanged when
// it is already the name or an alias.
MATCH (n:Entity {id: $id})
WHERE n.merged_into IS NULL AND ($restricted_ok OR n.classification = 'public')
WITH n, coalesce(n.aliases, []) AS had, $alias = n.name OR $alias IN coalesce(n.aliases, []) AS known
SET n.aliases = CASE WHEN known THEN n.aliases ELSE had + $alias END
RETURN n {.*, labels: labels(n)} AS node, NOT known AS added
