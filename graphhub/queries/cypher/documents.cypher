// The visible documents with the given ids.
MATCH (d:Document)
WHERE d.id IN $ids AND ($restricted_ok OR d.classification = 'public')
RETURN d {.id, .title, .kind, .path, .classification, .ingested_at, .modified} AS document
