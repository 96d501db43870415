// Visible fundings grouped by any of donor, country, sector, year, kind and implementer,
// summed per kind (README: "What a funding figure counts"). The FLAGS slot (funding_flags.cypher)
// marks what counts: superseded fundings (corroboration) and onward money left out are
// reported beside the sums, not in them.
// A funding that names its own country or sector (a slice of a split amount) counts there
// only; any other funding of a project in several countries (or sectors, or implementers)
// is split evenly between them, so totals add up; a country or sector filter keeps the
// share of the matching ones.
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
__FLAGS__
OPTIONAL MATCH (p)-[:IN_COUNTRY]->(c:Country) WHERE ($restricted_ok OR c.classification = 'public')
WITH d, f, p, kind, superseded, onward_out, counts, collect(DISTINCT c) AS project_countries
OPTIONAL MATCH (p)-[:IN_SECTOR]->(s:Sector) WHERE ($restricted_ok OR s.classification = 'public')
WITH d, f, p, kind, superseded, onward_out, counts, project_countries,
     collect(DISTINCT s) AS project_sectors
// A slice names one of its project's countries (or sectors): it counts there only. (Not a
// lookup of any country by code: that subquery would double the time to plan this query.)
WITH d, f, p, kind, superseded, onward_out, counts,
     CASE WHEN f.country IS NULL THEN project_countries
          ELSE [x IN project_countries WHERE x.iso3 = f.country] END AS countries,
     CASE WHEN f.sector IS NULL THEN project_sectors
          ELSE [x IN project_sectors WHERE toString(x.code) = toString(f.sector)] END AS sectors
OPTIONAL MATCH (p)-[ib:IMPLEMENTED_BY]->(i:Organization)
WHERE $by_implementer
  AND ($restricted_ok OR (ib.classification = 'public' AND i.classification = 'public'))
WITH d, f, p, kind, superseded, onward_out, counts, countries, sectors,
     collect(DISTINCT i) AS implementers
WITH d, f, p, kind, superseded, onward_out, counts, countries, sectors, implementers,
     [c IN countries WHERE $country IS NULL OR c.iso3 = toUpper($country)
                           OR toLower(c.name) = toLower($country) OR c.id = $country] AS hit_c,
     [s IN sectors WHERE $sector IS NULL OR toLower(s.name) = toLower($sector)
                         OR toString(s.code) = $sector OR s.id = $sector] AS hit_s
WHERE ($country IS NULL OR size(hit_c) > 0) AND ($sector IS NULL OR size(hit_s) > 0)
UNWIND CASE WHEN $by_country AND size(hit_c) > 0 THEN hit_c ELSE [null] END AS c
UNWIND CASE WHEN $by_sector AND size(hit_s) > 0 THEN hit_s ELSE [null] END AS s
UNWIND CASE WHEN size(implementers) > 0 THEN implementers ELSE [null] END AS i
WITH d, f, p, kind, superseded, onward_out, counts, c, s, i,
     (CASE WHEN size(countries) = 0 THEN 1.0
           WHEN $by_country THEN 1.0 / size(countries)
           ELSE toFloat(size(hit_c)) / size(countries) END) *
     (CASE WHEN size(sectors) = 0 THEN 1.0
           WHEN $by_sector THEN 1.0 / size(sectors)
           ELSE toFloat(size(hit_s)) / size(sectors) END) *
     (CASE WHEN size(implementers) = 0 THEN 1.0 ELSE 1.0 / size(implementers) END) AS share
WITH CASE WHEN $by_donor THEN d END AS donor,
     CASE WHEN $by_country THEN c END AS country,
     CASE WHEN $by_sector THEN s END AS sector,
     CASE WHEN $by_year THEN f.year END AS year,
     CASE WHEN $by_kind THEN kind END AS kind_key,
     i AS implementer,
     f, p, d, kind, superseded, onward_out, counts, share
WITH donor, country, sector, year, kind_key, implementer,
     collect(CASE WHEN counts THEN [kind, f.amount_usd * share] END) AS parts,
     count(CASE WHEN counts THEN f.amount_usd END) AS priced,
     count(CASE WHEN counts THEN 1 END) AS fundings,
     count(DISTINCT CASE WHEN counts THEN p END) AS projects,
     count(DISTINCT CASE WHEN counts THEN d END) AS donors,
     count(CASE WHEN superseded THEN 1 END) AS corroboration,
     count(CASE WHEN onward_out AND NOT superseded THEN 1 END) AS onward_fundings,
     sum(CASE WHEN onward_out AND NOT superseded THEN coalesce(f.amount_usd * share, 0.0)
              ELSE 0.0 END) AS onward_usd,
     collect(CASE WHEN counts AND f.currency IS NOT NULL AND f.amount IS NOT NULL
                  THEN {currency: f.currency, kind: kind, amount: f.amount * share} END) AS amounts,
     collect(DISTINCT CASE WHEN f.classification <> 'public' THEN f.id END) AS restricted_ids
// Sums per kind and per original currency are made here: a group can hold thousands of
// fundings.
WITH donor, country, sector, year, kind_key, implementer, priced, fundings, projects, donors,
     corroboration, onward_fundings, onward_usd, restricted_ids, amounts,
     [k IN $all_kinds | {kind: k,
        usd: reduce(t = 0.0, x IN parts | t + CASE WHEN x[0] = k THEN coalesce(x[1], 0.0)
                                                   ELSE 0.0 END),
        fundings: size([x IN parts WHERE x[0] = k])}] AS by_kind,
     reduce(cs = [], a IN amounts | CASE WHEN [a.currency, a.kind] IN cs THEN cs
                                         ELSE cs + [[a.currency, a.kind]] END) AS keys
RETURN CASE WHEN donor IS NULL THEN null ELSE donor {.*, labels: labels(donor)} END AS donor,
       CASE WHEN country IS NULL THEN null ELSE country {.*, labels: labels(country)} END AS country,
       CASE WHEN sector IS NULL THEN null ELSE sector {.*, labels: labels(sector)} END AS sector,
       CASE WHEN implementer IS NULL THEN null
            ELSE implementer {.*, labels: labels(implementer)} END AS implementer,
       year, kind_key AS kind, priced, fundings, projects, donors, corroboration,
       onward_fundings, onward_usd, restricted_ids,
       [k IN by_kind WHERE k.fundings > 0] AS by_kind,
       [key IN keys | {currency: key[0], kind: key[1], amount: reduce(t = 0.0, a IN amounts |
          t + CASE WHEN a.currency = key[0] AND a.kind = key[1] THEN a.amount ELSE 0.0 END)}]
         AS amounts
