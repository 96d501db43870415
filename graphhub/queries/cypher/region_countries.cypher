// The ISO3 codes of the visible countries IN_REGION of the region named $name (any case).
MATCH (c:Country)-[:IN_REGION]->(r:Region)
WHERE toLower(r.name) = toLower($name)
  AND ($restricted_ok OR c.classification = 'public')
RETURN collect(DISTINCT c.iso3) AS iso3
