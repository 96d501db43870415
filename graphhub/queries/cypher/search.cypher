// Full-text search over names, aliases, titles, codes and acronyms; visible nodes only.
// The names that only restricted sources gave a public node have an index of their own
// ($restricted_index), searched for the FIU roles only: a partner's search neither matches
// nor scores by them.
CALL () {
  CALL db.index.fulltext.queryNodes($index, $query) YIELD node, score
  RETURN node, score
  UNION ALL
  CALL db.index.fulltext.queryNodes($restricted_index, $query) YIELD node, score
  WHERE $restricted_ok
  RETURN node, score
}
WITH node, max(score) AS score
WHERE ($restricted_ok OR node.classification = 'public') AND node.merged_into IS NULL
  AND any(label IN labels(node) WHERE label IN $labels)
RETURN node {.*, labels: labels(node)} AS node, score
ORDER BY score DESC, node.name, node.id
LIMIT $limit
