OPTIONAL MATCH (d:Document {id: $doc})
RETURN d IS NOT NULL AS exists, coalesce(d.complete, false) AS complete,
       d.loaded_through AS through
