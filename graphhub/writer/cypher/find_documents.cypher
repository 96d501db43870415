UNWIND $docs AS doc
OPTIONAL MATCH (same:Document {id: doc.id})
OPTIONAL MATCH (older:Document {path: doc.path, current: true}) WHERE older.id <> doc.id
RETURN doc.id AS id, same IS NOT NULL AND coalesce(same.current, false) AS present,
       collect(older.id) AS older
