// Full-text search over names, aliases, titles, codes and acronyms; visible nodes only.
CALL db.index.fulltext.queryNodes($index, $query) YIELD node, score
WHERE ($restricted_ok OR node.classification = 'public') AND node.merged_into IS NULL
  AND any(label IN labels(node) WHERE label IN $labels)
RETURN node {.*, labels: labels(node)} AS node, score
ORDER BY score DESC, node.name, node.id
LIMIT $limit
