// Visible fundings one row per FUNDS relationship, with the project's visible countries and
// sectors and the documents the funding was read from. Null parameters mean "no filter":
// $iso3 keeps projects in any of those countries, $sectors (lower-cased names or DAC codes)
// projects in any of those sectors. $kinds keeps the fundings of those kinds; the FLAGS slot
// (funding_flags.cypher) says of each whether it is onward money and whether a better-ranked
// source states it (superseded).
MATCH (d:Organization WHERE d.merged_into IS NULL)-[f:FUNDS]->(p:Project)
WHERE ($restricted_ok OR (d.classification = 'public' AND f.classification = 'public'
                          AND p.classification = 'public'))
  AND ($year_from IS NULL OR f.year >= $year_from)
  AND ($year_to IS NULL OR f.year <= $year_to)
  AND ($programme IS NULL OR EXISTS {
        MATCH (p)-[:PART_OF]->(g:Programme)
        WHERE ($restricted_ok OR g.classification = 'public')
          AND toLower(g.name) = toLower($programme) })
__FLAGS__
OPTIONAL MATCH (p)-[:IN_COUNTRY]->(c:Country) WHERE ($restricted_ok OR c.classification = 'public')
// A slice of a split amount (a funding with its own country or sector) is there only.
WITH d, f, p, kind, superseded,
     [x IN collect(DISTINCT c {.*, labels: labels(c)})
      WHERE f.country IS NULL OR x.iso3 = f.country] AS countries
WHERE $iso3 IS NULL OR any(x IN countries WHERE x.iso3 IN $iso3)
OPTIONAL MATCH (p)-[:IN_SECTOR]->(s:Sector) WHERE ($restricted_ok OR s.classification = 'public')
WITH d, f, p, kind, superseded, countries,
     [x IN collect(DISTINCT s {.*, labels: labels(s)})
      WHERE f.sector IS NULL OR toString(x.code) = toString(f.sector)] AS sectors
WHERE $sectors IS NULL
   OR any(x IN sectors WHERE toLower(x.name) IN $sectors OR toString(x.code) IN $sectors)
RETURN {id: f.id, type: type(f), start: d.id, end: p.id, props: properties(f)} AS rel,
       d {.*, labels: labels(d)} AS donor, p {.*, labels: labels(p)} AS project,
       countries, sectors, coalesce(f.sources, []) AS sources,
       kind, superseded, coalesce(f.onward = true, false) AS onward
ORDER BY d.name, p.code, f.year, f.id
