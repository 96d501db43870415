// Taking the document's write lock first: a batch reads the marker no other load can move.
MATCH (d:Document {id: $doc})
SET d.loading_run = $run
