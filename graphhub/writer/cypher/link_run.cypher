MATCH (r:IngestRun {id: $run})
UNWIND $docs AS id
MATCH (d:Document {id: id})
MERGE (r)-[:INGESTED]->(d)
