// Visible fundings grouped by any of donor, country, sector, year. A funding of a project
// in several countries (or sectors) is split evenly between them, so totals add up; a
// country or sector filter keeps the share of the matching ones.
MATCH (d:Organization WHERE d.merged_into IS NULL)-[f:FUNDS]->(p:Project)
WHERE ($restricted_ok OR (d.classification = 'public' AND f.classification = 'public'
                          AND p.classification = 'public'))
  AND ($year_from IS NULL OR f.year >= $year_from)
  AND ($year_to IS NULL OR f.year <= $year_to)
  AND ($status IS NULL OR toLower(p.status) = toLower($status))
  AND ($donor IS NULL OR d.id = $donor OR toLower(d.name) = toLower($donor)
       OR toLower(coalesce(d.acronym, '')) = toLower($donor))
  AND ($text IS NULL OR toLower(coalesce(p.title, p.name, '')) CONTAINS toLower($text)
       OR toLower(coalesce(p.code, '')) CONTAINS toLower($text))
  AND ($programme IS NULL OR EXISTS {
        MATCH (p)-[:PART_OF]->(g:Programme)
        WHERE ($restricted_ok OR g.classification = 'public')
          AND (g.id = $programme OR toLower(g.name) = toLower($programme)
               OR g.code = $programme) })
OPTIONAL MATCH (p)-[:IN_COUNTRY]->(c:Country) WHERE ($restricted_ok OR c.classification = 'public')
WITH d, f, p, collect(DISTINCT c) AS countries
OPTIONAL MATCH (p)-[:IN_SECTOR]->(s:Sector) WHERE ($restricted_ok OR s.classification = 'public')
WITH d, f, p, countries, collect(DISTINCT s) AS sectors
WITH d, f, p, countries, sectors,
     [c IN countries WHERE $country IS NULL OR c.iso3 = toUpper($country)
                           OR toLower(c.name) = toLower($country) OR c.id = $country] AS hit_c,
     [s IN sectors WHERE $sector IS NULL OR toLower(s.name) = toLower($sector)
                         OR toString(s.code) = $sector OR s.id = $sector] AS hit_s
WHERE ($country IS NULL OR size(hit_c) > 0) AND ($sector IS NULL OR size(hit_s) > 0)
UNWIND CASE WHEN $by_country AND size(hit_c) > 0 THEN hit_c ELSE [null] END AS c
UNWIND CASE WHEN $by_sector AND size(hit_s) > 0 THEN hit_s ELSE [null] END AS s
WITH d, f, p, c, s,
     (CASE WHEN size(countries) = 0 THEN 1.0
           WHEN $by_country THEN 1.0 / size(countries)
           ELSE toFloat(size(hit_c)) / size(countries) END) *
     (CASE WHEN size(sectors) = 0 THEN 1.0
           WHEN $by_sector THEN 1.0 / size(sectors)
           ELSE toFloat(size(hit_s)) / size(sectors) END) AS share
WITH CASE WHEN $by_donor THEN d END AS donor,
     CASE WHEN $by_country THEN c END AS country,
     CASE WHEN $by_sector THEN s END AS sector,
     CASE WHEN $by_year THEN f.year END AS year,
     f, p, d, share
WITH donor, country, sector, year,
     sum(f.amount_usd * share) AS amount_usd,
     count(f.amount_usd) AS priced, count(f) AS fundings,
     count(DISTINCT p) AS projects, count(DISTINCT d) AS donors,
     collect({currency: f.currency, amount: f.amount * share}) AS amounts,
     collect(DISTINCT CASE WHEN f.classification <> 'public' THEN f.id END) AS restricted_ids
// Sums per original currency are made here: a group can hold thousands of fundings.
WITH donor, country, sector, year, amount_usd, priced, fundings, projects, donors,
     restricted_ids, [a IN amounts WHERE a.currency IS NOT NULL AND a.amount IS NOT NULL] AS amounts
WITH donor, country, sector, year, amount_usd, priced, fundings, projects, donors,
     restricted_ids, amounts,
     reduce(cs = [], a IN amounts | CASE WHEN a.currency IN cs THEN cs ELSE cs + a.currency END)
       AS currencies
RETURN CASE WHEN donor IS NULL THEN null ELSE donor {.*, labels: labels(donor)} END AS donor,
       CASE WHEN country IS NULL THEN null ELSE country {.*, labels: labels(country)} END AS country,
       CASE WHEN sector IS NULL THEN null ELSE sector {.*, labels: labels(sector)} END AS sector,
       year, amount_usd, priced, fundings, projects, donors, restricted_ids,
       [cur IN currencies | {currency: cur, amount: reduce(s = 0.0, a IN amounts |
          s + CASE WHEN a.currency = cur THEN a.amount ELSE 0.0 END)}] AS amounts
ORDER BY amount_usd DESC, fundings DESC
