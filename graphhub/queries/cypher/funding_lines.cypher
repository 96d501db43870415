// Visible fundings one row per FUNDS relationship, with the project's visible countries and
// sectors and the documents the funding was read from. Null parameters mean "no filter":
// $iso3 keeps projects in any of those countries, $sectors (lower-cased names or DAC codes)
// projects in any of those sectors.
MATCH (d:Organization WHERE d.merged_into IS NULL)-[f:FUNDS]->(p:Project)
WHERE ($restricted_ok OR (d.classification = 'public' AND f.classification = 'public'
                          AND p.classification = 'public'))
  AND ($year_from IS NULL OR f.year >= $year_from)
  AND ($year_to IS NULL OR f.year <= $year_to)
  AND ($programme IS NULL OR EXISTS {
        MATCH (p)-[:PART_OF]->(g:Programme)
        WHERE ($restricted_ok OR g.classification = 'public')
          AND toLower(g.name) = toLower($programme) })
OPTIONAL MATCH (p)-[:IN_COUNTRY]->(c:Country) WHERE ($restricted_ok OR c.classification = 'public')
WITH d, f, p, collect(DISTINCT c {.*, labels: labels(c)}) AS countries
WHERE $iso3 IS NULL OR any(x IN countries WHERE x.iso3 IN $iso3)
OPTIONAL MATCH (p)-[:IN_SECTOR]->(s:Sector) WHERE ($restricted_ok OR s.classification = 'public')
WITH d, f, p, countries, collect(DISTINCT s {.*, labels: labels(s)}) AS sectors
WHERE $sectors IS NULL
   OR any(x IN sectors WHERE toLower(x.name) IN $sectors OR toString(x.code) IN $sectors)
RETURN {id: f.id, type: type(f), start: d.id, end: p.id, props: properties(f)} AS rel,
       d {.*, labels: labels(d)} AS donor, p {.*, labels: labels(p)} AS project,
       countries, sectors, coalesce(f.sources, []) AS sources
ORDER BY d.name, p.code, f.year, f.id
