// The visible mentions of the given nodes in visible documents.
MATCH (d:Document)-[m:MENTIONS]->(n)
WHERE ($restricted_ok OR (d.classification = 'public' AND m.classification = 'public'))
RETURN n.id AS id, d {.id, .title, .kind, .path, .classification} AS document,
       m {.start, .end, .sentence, .method, .confidence, .locator} AS mention
ORDER BY id, coalesce(m.confidence, 0) DESC, document.title, mention.start
