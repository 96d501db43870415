// Country x sector cells where at least $min_donors donors have projects running in the same
// year. A project runs from start_year to end_year (or the years of its fundings).
MATCH (d:Organization WHERE d.merged_into IS NULL)-[f:FUNDS]->(p:Project)
WHERE ($restricted_ok OR (d.classification = 'public' AND f.classification = 'public'
                          AND p.classification = 'public'))
  AND ($donor IS NULL OR d.id = $donor OR toLower(d.name) = toLower($donor)
       OR toLower(coalesce(d.acronym, '')) = toLower($donor))
  AND ($status IS NULL OR toLower(p.status) = toLower($status))
WITH d, p, min(f.year) AS fy, max(f.year) AS ly, sum(f.amount_usd) AS usd
WITH d, p, usd, coalesce(p.start_year, fy) AS first_year,
     coalesce(p.end_year, ly, p.start_year, fy) AS last_year
WHERE first_year IS NOT NULL AND last_year IS NOT NULL
MATCH (p)-[:IN_COUNTRY]->(c:Country), (p)-[:IN_SECTOR]->(s:Sector)
WHERE ($restricted_ok OR (c.classification = 'public' AND s.classification = 'public'))
  AND ($country IS NULL OR c.iso3 = toUpper($country) OR toLower(c.name) = toLower($country)
       OR c.id = $country)
  AND ($sector IS NULL OR toLower(s.name) = toLower($sector) OR toString(s.code) = $sector
       OR s.id = $sector)
UNWIND range(first_year, last_year) AS year
WITH c, s, year, d, p, usd
WHERE ($year_from IS NULL OR year >= $year_from) AND ($year_to IS NULL OR year <= $year_to)
WITH c, s, year, collect(DISTINCT d) AS donors, collect(DISTINCT p) AS projects
WHERE size(donors) >= $min_donors
WITH c, s, collect(year) AS years, collect(donors) AS donor_sets, collect(projects) AS project_sets
WITH c, s, years,
     reduce(acc = [], xs IN donor_sets | acc + [x IN xs WHERE NOT x IN acc]) AS donors,
     reduce(acc = [], xs IN project_sets | acc + [x IN xs WHERE NOT x IN acc]) AS projects
RETURN c {.*, labels: labels(c)} AS country, s {.*, labels: labels(s)} AS sector, years,
       [x IN donors | x {.*, labels: labels(x)}] AS donors,
       [x IN projects | x {.*, labels: labels(x)}] AS projects
ORDER BY size(donors) DESC, size(years) DESC, country.name, sector.name
