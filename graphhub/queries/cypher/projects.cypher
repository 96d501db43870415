// Visible projects matching the filter (or with the given ids / codes), with funding totals;
// one page of them. A project's years are its start/end years, else its fundings' years.
MATCH (p:Project)
WHERE ($restricted_ok OR p.classification = 'public')
  AND ($ids IS NULL OR p.id IN $ids OR p.code IN $ids
       OR any(c IN coalesce(p.codes, []) WHERE c IN $ids))
  AND ($status IS NULL OR toLower(p.status) = toLower($status))
  AND ($text IS NULL OR toLower(coalesce(p.title, p.name, '')) CONTAINS toLower($text)
       OR toLower(coalesce(p.code, '')) CONTAINS toLower($text))
  AND ($country IS NULL OR EXISTS {
        MATCH (p)-[:IN_COUNTRY]->(c:Country)
        WHERE ($restricted_ok OR c.classification = 'public')
          AND (c.iso3 = toUpper($country) OR toLower(c.name) = toLower($country)
               OR c.id = $country) })
  AND ($sector IS NULL OR EXISTS {
        MATCH (p)-[:IN_SECTOR]->(s:Sector)
        WHERE ($restricted_ok OR s.classification = 'public')
          AND (toLower(s.name) = toLower($sector) OR toString(s.code) = $sector
               OR s.id = $sector) })
  AND ($donor IS NULL OR EXISTS {
        MATCH (d:Organization WHERE d.merged_into IS NULL)-[f:FUNDS]->(p)
        WHERE ($restricted_ok OR (d.classification = 'public' AND f.classification = 'public'))
          AND (d.id = $donor OR toLower(d.name) = toLower($donor)
               OR toLower(coalesce(d.acronym, '')) = toLower($donor)) })
  AND ($programme IS NULL OR EXISTS {
        MATCH (p)-[:PART_OF]->(g:Programme)
        WHERE ($restricted_ok OR g.classification = 'public')
          AND (g.id = $programme OR toLower(g.name) = toLower($programme)
               OR g.code = $programme) })
OPTIONAL MATCH (d:Organization WHERE d.merged_into IS NULL)-[f:FUNDS]->(p)
WHERE ($restricted_ok OR (d.classification = 'public' AND f.classification = 'public'))
WITH p, sum(f.amount_usd) AS total_usd, count(DISTINCT d) AS donors,
     min(f.year) AS fy, max(f.year) AS ly
WITH p, total_usd, donors, coalesce(p.start_year, fy) AS first_year,
     coalesce(p.end_year, ly, p.start_year, fy) AS last_year
WHERE ($year_from IS NULL OR last_year >= $year_from)
  AND ($year_to IS NULL OR first_year <= $year_to)
WITH p, total_usd, donors, first_year, last_year,
     CASE $sort WHEN 'TOTAL' THEN total_usd WHEN 'START' THEN first_year
                WHEN 'DONORS' THEN donors END AS num_key,
     CASE $sort WHEN 'CODE' THEN p.code WHEN 'TITLE' THEN toLower(coalesce(p.title, p.name))
                END AS text_key
ORDER BY CASE WHEN $descending THEN null ELSE num_key END,
         CASE WHEN $descending THEN num_key END DESC,
         CASE WHEN $descending THEN null ELSE text_key END,
         CASE WHEN $descending THEN text_key END DESC,
         p.code, p.id
WITH collect({node: p {.*, labels: labels(p)}, total_usd: total_usd, donors: donors,
              first_year: first_year, last_year: last_year}) AS rows
RETURN size(rows) AS total, rows[$offset..$offset + $limit] AS items
