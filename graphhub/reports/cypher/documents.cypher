// The public documents with these ids: what a report cites and how fresh it is.
MATCH (doc:Document)
WHERE doc.id IN $ids AND coalesce(doc.classification, 'public') = 'public'
RETURN doc.id AS id, doc.title AS title, doc.kind AS kind, doc.path AS path,
       doc.ingested_at AS ingested_at, doc.modified AS modified
ORDER BY coalesce(doc.modified, doc.ingested_at) DESC, doc.title
