UNWIND $docs AS doc
MERGE (d:Document {id: doc.id})
SET d += doc.props, d.title = doc.title, d.kind = doc.kind, d.path = doc.path,
    d.classification = doc.classification, d.current = true, d.ingested_at = $now
