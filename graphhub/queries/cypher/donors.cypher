// Organizations that fund at least one visible project, with their sums per kind; one page
// of them. The FLAGS slot (funding_flags.cypher) marks what counts: onward money and superseded
// fundings (corroboration) are reported beside the sums, not in them. Sorted by TOTAL, a
// donor ranks by its largest sum of one kind (its total when it gives one kind only).
MATCH (d:Donor WHERE d.merged_into IS NULL)
WHERE ($restricted_ok OR d.classification = 'public')
  AND ($ids IS NULL OR d.id IN $ids)
  AND ($text IS NULL OR toLower(d.name) CONTAINS toLower($text)
       OR toLower(coalesce(d.acronym, '')) CONTAINS toLower($text))
MATCH (d)-[f:FUNDS]->(p:Project)
WHERE ($restricted_ok OR (f.classification = 'public' AND p.classification = 'public'))
__FLAGS__
WITH d, collect(CASE WHEN counts THEN [kind, f.amount_usd] END) AS parts,
     count(DISTINCT CASE WHEN counts THEN p END) AS projects,
     count(CASE WHEN counts THEN 1 END) AS fundings,
     min(CASE WHEN counts THEN f.year END) AS first_year,
     max(CASE WHEN counts THEN f.year END) AS last_year,
     count(CASE WHEN superseded THEN 1 END) AS corroboration,
     sum(CASE WHEN onward_out AND NOT superseded THEN coalesce(f.amount_usd, 0.0)
              ELSE 0.0 END) AS onward_usd
WITH d, projects, fundings, first_year, last_year, corroboration, onward_usd,
     [k IN $all_kinds | {kind: k,
        usd: reduce(t = 0.0, x IN parts | t + CASE WHEN x[0] = k THEN coalesce(x[1], 0.0)
                                                   ELSE 0.0 END),
        fundings: size([x IN parts WHERE x[0] = k])}] AS by_kind
WITH d, projects, fundings, first_year, last_year, corroboration, onward_usd,
     [k IN by_kind WHERE k.fundings > 0] AS by_kind,
     reduce(m = 0.0, k IN by_kind | CASE WHEN k.usd > m THEN k.usd ELSE m END) AS largest
WITH d, projects, fundings, first_year, last_year, corroboration, onward_usd, by_kind,
     CASE $sort WHEN 'TOTAL' THEN largest WHEN 'PROJECTS' THEN projects
                WHEN 'FIRST_YEAR' THEN first_year END AS num_key,
     CASE $sort WHEN 'NAME' THEN toLower(d.name) END AS text_key
ORDER BY CASE WHEN $descending THEN null ELSE num_key END,
         CASE WHEN $descending THEN num_key END DESC,
         CASE WHEN $descending THEN null ELSE text_key END,
         CASE WHEN $descending THEN text_key END DESC,
         d.id
WITH collect({node: d {.*, labels: labels(d)}, by_kind: by_kind, projects: projects,
              fundings: fundings, first_year: first_year, last_year: last_year,
              corroboration: corroboration, onward_usd: onward_usd}) AS rows
RETURN size(rows) AS total, rows[$offset..$offset + $limit] AS items
