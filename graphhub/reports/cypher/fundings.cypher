// Public fundings of public projects in the selection, one row per FUNDS relationship,
// with the project's countries and sectors. Null parameters mean "no filter".
MATCH (d:Organization)-[f:FUNDS]->(p:Project)
WHERE f.classification = 'public' AND d.classification = 'public' AND p.classification = 'public'
  AND ($year_from IS NULL OR f.year >= $year_from)
  AND ($year_to IS NULL OR f.year <= $year_to)
  AND ($programme IS NULL OR EXISTS {
        MATCH (p)-[:PART_OF]->(g:Programme)
        WHERE g.classification = 'public' AND toLower(g.name) = toLower($programme) })
OPTIONAL MATCH (p)-[:IN_COUNTRY]->(c:Country) WHERE c.classification = 'public'
WITH d, f, p, collect(DISTINCT CASE WHEN c IS NULL THEN null
                                    ELSE {iso3: c.iso3, name: c.name} END) AS countries
WHERE $iso3 IS NULL OR any(x IN countries WHERE x.iso3 IN $iso3)
OPTIONAL MATCH (p)-[:IN_SECTOR]->(s:Sector) WHERE s.classification = 'public'
WITH d, f, p, countries, collect(DISTINCT CASE WHEN s IS NULL THEN null
                                               ELSE {name: s.name, code: s.code} END) AS sectors
WHERE $sectors IS NULL
   OR any(x IN sectors WHERE toLower(x.name) IN $sectors OR toString(x.code) IN $sectors)
RETURN f.id AS id, d.id AS donor_id, d.name AS donor,
       p.id AS project_id, p.code AS code, coalesce(p.title, p.name) AS title,
       p.status AS status, p.start_year AS start_year, p.end_year AS end_year,
       countries, sectors,
       f.year AS year, f.amount_usd AS amount_usd, f.amount AS amount, f.currency AS currency,
       f.kind AS kind, coalesce(f.sources, []) AS sources
ORDER BY donor, code, year, id
