// Visible projects matching the filter (or with the given ids / codes), with their sums per
// kind (the FLAGS slot, funding_flags.cypher: onward money and corroboration beside the sums,
// not in them); one page of them. Sorted by TOTAL, a project ranks by its largest sum of one
// kind. A project's years are its start/end years, else its fundings' years.
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
__FLAGS__
WITH p, collect(CASE WHEN f IS NOT NULL AND counts THEN [kind, f.amount_usd] END) AS parts,
     count(DISTINCT CASE WHEN f IS NOT NULL AND counts THEN d END) AS donors,
     count(CASE WHEN f IS NOT NULL AND superseded THEN 1 END) AS corroboration,
     sum(CASE WHEN f IS NOT NULL AND onward_out AND NOT superseded
              THEN coalesce(f.amount_usd, 0.0) ELSE 0.0 END) AS onward_usd,
     min(f.year) AS fy, max(f.year) AS ly
WITH p, donors, corroboration, onward_usd, fy, ly,
     [k IN $all_kinds | {kind: k,
        usd: reduce(t = 0.0, x IN parts | t + CASE WHEN x[0] = k THEN coalesce(x[1], 0.0)
                                                   ELSE 0.0 END),
        fundings: size([x IN parts WHERE x[0] = k])}] AS by_kind
WITH p, donors, corroboration, onward_usd, [k IN by_kind WHERE k.fundings > 0] AS by_kind,
     reduce(m = 0.0, k IN by_kind | CASE WHEN k.usd > m THEN k.usd ELSE m END) AS largest,
     coalesce(p.start_year, fy) AS first_year, coalesce(p.end_year, ly, p.start_year, fy) AS last_year
WHERE ($year_from IS NULL OR last_year >= $year_from)
  AND ($year_to IS NULL OR first_year <= $year_to)
WITH p, by_kind, corroboration, onward_usd, donors, first_year, last_year,
     CASE $sort WHEN 'TOTAL' THEN largest WHEN 'START' THEN first_year
                WHEN 'DONORS' THEN donors END AS num_key,
     CASE $sort WHEN 'CODE' THEN p.code WHEN 'TITLE' THEN toLower(coalesce(p.title, p.name))
                END AS text_key
ORDER BY CASE WHEN $descending THEN null ELSE num_key END,
         CASE WHEN $descending THEN num_key END DESC,
         CASE WHEN $descending THEN null ELSE text_key END,
         CASE WHEN $descending THEN text_key END DESC,
         p.code, p.id
WITH collect({node: p {.*, labels: labels(p)}, by_kind: by_kind, donors: donors,
              corroboration: corroboration, onward_usd: onward_usd,
              first_year: first_year, last_year: last_year}) AS rows
RETURN size(rows) AS total, rows[$offset..$offset + $limit] AS items
