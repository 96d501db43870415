// Parties only this file's interrupted load wrote: not "known" to its rerun.
MATCH (:Document {id: $doc})-[:MENTIONS]->(n) WHERE n.sources = [$doc]
RETURN collect(n.id) AS ids
