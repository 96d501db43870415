// Visible entities (persons, companies, accounts, groups) by id; merged-away ones are hidden.
MATCH (n:Entity)
WHERE n.id IN $ids AND n.merged_into IS NULL
  AND ($restricted_ok OR n.classification = 'public')
RETURN n {.*, labels: labels(n)} AS node
