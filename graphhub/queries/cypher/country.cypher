// One visible country by ISO3 (or id) with its regions and counts of what happens there.
MATCH (c:Country)
WHERE (c.iso3 = toUpper($iso3) OR c.id = $iso3)
  AND ($restricted_ok OR c.classification = 'public')
OPTIONAL MATCH (c)-[:IN_REGION]->(r:Region) WHERE ($restricted_ok OR r.classification = 'public')
WITH c, collect(r {.*, labels: labels(r)}) AS regions
OPTIONAL MATCH (p:Project)-[:IN_COUNTRY]->(c) WHERE ($restricted_ok OR p.classification = 'public')
WITH c, regions, count(DISTINCT p) AS projects
OPTIONAL MATCH (z:Seizure)-[:IN_COUNTRY]->(c) WHERE ($restricted_ok OR z.classification = 'public')
RETURN c {.*, labels: labels(c)} AS country, regions, projects, count(DISTINCT z) AS seizures,
       sum(z.quantity_kg) AS seized_kg
