// Organizations that fund at least one visible project, with totals; one page of them.
MATCH (d:Donor WHERE d.merged_into IS NULL)
WHERE ($restricted_ok OR d.classification = 'public')
  AND ($ids IS NULL OR d.id IN $ids)
  AND ($text IS NULL OR toLower(d.name) CONTAINS toLower($text)
       OR toLower(coalesce(d.acronym, '')) CONTAINS toLower($text))
MATCH (d)-[f:FUNDS]->(p:Project)
WHERE ($restricted_ok OR (f.classification = 'public' AND p.classification = 'public'))
WITH d, sum(f.amount_usd) AS total_usd, count(DISTINCT p) AS projects, count(f) AS fundings,
     min(f.year) AS first_year, max(f.year) AS last_year
WITH d, total_usd, projects, fundings, first_year, last_year,
     CASE $sort WHEN 'TOTAL' THEN total_usd WHEN 'PROJECTS' THEN projects
                WHEN 'FIRST_YEAR' THEN first_year END AS num_key,
     CASE $sort WHEN 'NAME' THEN toLower(d.name) END AS text_key
ORDER BY CASE WHEN $descending THEN null ELSE num_key END,
         CASE WHEN $descending THEN num_key END DESC,
         CASE WHEN $descending THEN null ELSE text_key END,
         CASE WHEN $descending THEN text_key END DESC,
         d.id
WITH collect({node: d {.*, labels: labels(d)}, total_usd: total_usd, projects: projects,
              fundings: fundings, first_year: first_year, last_year: last_year}) AS rows
RETURN size(rows) AS total, rows[$offset..$offset + $limit] AS items
