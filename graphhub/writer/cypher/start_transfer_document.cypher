// Row 1 is the header: a new document has loaded nothing past it.
MERGE (d:Document {id: $doc})
SET d.title = $title, d.kind = $kind, d.path = $path, d.classification = $classification,
    d.complete = false, d.current = false, d.ingested_at = $now,
    d.loaded_through = coalesce(d.loaded_through, 1)
