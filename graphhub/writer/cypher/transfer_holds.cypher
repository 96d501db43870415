UNWIND range(0, size($holder) - 1) AS i
MATCH (p:Entity {id: $holder[i]})
MATCH (a:BankAccount {id: $account[i]})
MERGE (p)-[h:HOLDS]->(a)
ON CREATE SET h.id = $hid[i], h.classification = $classification, h.sources = [$doc],
              h.evidence = ['{"doc": "' + $doc + '", "locator": "row ' + toString($row[i])
                            + '", "method": "' + $method + '"}']
ON MATCH SET h.sources = CASE WHEN $doc IN coalesce(h.sources, []) THEN h.sources
                              ELSE coalesce(h.sources, []) + $doc END
