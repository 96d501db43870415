MATCH (d:Document {id: $doc})
RETURN d.loaded_through AS through
