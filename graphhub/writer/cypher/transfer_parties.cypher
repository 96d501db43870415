// The new parties of one batch, column-wise, each with its mention (file row) in the export.
MATCH (d:Document {id: $doc})
UNWIND range(0, size($id) - 1) AS i
MERGE (n:__LABEL__ {id: $id[i]})
ON CREATE SET n.name = $name[i], n.key = $key[i], n.classification = $classification,
              n.sources = [$doc]__EXTRA__
ON MATCH SET n.sources = CASE WHEN $doc IN coalesce(n.sources, []) THEN n.sources
                              ELSE coalesce(n.sources, []) + $doc END
WITH d, i, n, n.classification = $classification AS closed
// An export is restricted: its country and IBAN join a restricted node's values only, never
// the values a public node shows partners (graphhub.writer.restricted_values).
SET n.country = CASE WHEN closed THEN coalesce(n.country, $country[i]) ELSE n.country END,
    n.iban = CASE WHEN closed THEN coalesce(n.iban, $iban[i]) ELSE n.iban END
CREATE (d)-[:MENTIONS {locator: 'row ' + toString($row[i]), method: $method,
        confidence: 1.0, start: 0, end: 0, classification: $classification}]->(n)
