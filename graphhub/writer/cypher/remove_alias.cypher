// Take $alias off a visible entity's aliases, public and restricted. Its name cannot be
// removed (it is not an alias). Returns whether anything was removed.
MATCH (n:Entity {id: $id})
WHERE n.merged_into IS NULL AND ($restricted_ok OR n.classification = 'public')
WITH n, $alias IN coalesce(n.aliases, []) + coalesce(n.restricted_aliases, []) AS known
SET n.aliases = CASE WHEN n.aliases IS NULL THEN null
                     ELSE [a IN n.aliases WHERE a <> $alias] END,
    n.restricted_aliases = CASE WHEN n.restricted_aliases IS NULL THEN null
                                ELSE [a IN n.restricted_aliases WHERE a <> $alias] END
WITH n, known
SET n.restricted_aliases = CASE WHEN n.restricted_aliases = [] THEN null
                                ELSE n.restricted_aliases END
RETURN n {.*, labels: labels(n)} AS node, known AS removed
