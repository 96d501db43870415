// Add $alias to a visible entity (the full-text indexes cover both lists). An analyst's
// alias is restricted unless $public: on a public entity it joins restricted_aliases, which
// only the FIU roles are served; on a restricted entity every name is restricted already.
// Unchanged when it is already the name or an alias of the list it would join.
MATCH (n:Entity {id: $id})
WHERE n.merged_into IS NULL AND ($restricted_ok OR n.classification = 'public')
WITH n, $public OR n.classification <> 'public' AS open,
     coalesce(n.aliases, []) AS had, coalesce(n.restricted_aliases, []) AS had_restricted
WITH n, open, had, had_restricted,
     $alias = n.name OR $alias IN had OR (NOT open AND $alias IN had_restricted) AS known
SET n.aliases = CASE WHEN open AND NOT known THEN had + $alias ELSE n.aliases END,
    n.restricted_aliases = CASE
      WHEN open AND $alias IN had_restricted
        THEN [a IN had_restricted WHERE a <> $alias]
      WHEN NOT open AND NOT known THEN had_restricted + $alias
      ELSE n.restricted_aliases END
WITH n, known
SET n.restricted_aliases = CASE WHEN n.restricted_aliases = [] THEN null
                                ELSE n.restricted_aliases END
RETURN n {.*, labels: labels(n)} AS node, NOT known AS added
