// Funding chains of onward fundings: a donor's own FUNDS (not onward) to a project an
// intermediary implements, then the onward FUNDS that intermediary gives to projects others
// implement (FTS internal flows, table rows with an internal boundary), up to $max_steps
// steps. IATI outgoing fundings (direction outgoing) stay on the activity that reports them,
// so they name no recipient: their chains are PASSES_TO links (funding_chains_links).
// Only visible steps are followed, so a chain with a restricted step is cut before it; a
// chain has two steps at least and is as long as the visible steps allow. Filters (null:
// none): $donor (the first step's giver), $organization (any organization of a step),
// $project (any project of a step). Sorted by the donor's name, then the amounts step by step.
MATCH (d:Organization)-[f1:FUNDS]->(p1:Project)-[i1:IMPLEMENTED_BY]->(x:Organization)
WHERE ($donor IS NULL OR d.id = $donor)
  AND NOT coalesce(f1.onward, false) AND d <> x
  AND ($restricted_ok OR (d.classification = 'public' AND f1.classification = 'public'
       AND p1.classification = 'public' AND i1.classification = 'public'
       AND x.classification = 'public'))
MATCH (x) ((a:Organization)-[f:FUNDS]->(p:Project)-[i:IMPLEMENTED_BY]->(b:Organization)
           WHERE f.onward = true AND coalesce(f.direction, '') <> 'outgoing' AND a <> b
             AND ($restricted_ok OR (f.classification = 'public'
                  AND p.classification = 'public' AND i.classification = 'public'
                  AND b.classification = 'public'))){1,3}
WITH d, f1, p1, x, a, f, p, b, [d, x] + b AS orgs
WHERE size(f) + 1 <= $max_steps
  AND all(k IN range(0, size(orgs) - 2) WHERE NOT orgs[k] IN orgs[k + 1..])
  AND ($organization IS NULL OR any(o IN orgs WHERE o.id = $organization))
  AND ($project IS NULL OR p1.id = $project OR any(q IN p WHERE q.id = $project))
WITH d, f1, p1, x, a, f, p, b, orgs, orgs[size(orgs) - 1] AS last
WHERE size(f) + 1 = $max_steps OR NOT EXISTS {
  MATCH (last)-[g:FUNDS]->(q:Project)-[j:IMPLEMENTED_BY]->(c:Organization)
  WHERE g.onward = true AND coalesce(g.direction, '') <> 'outgoing' AND NOT c IN orgs
    AND ($restricted_ok OR (g.classification = 'public' AND q.classification = 'public'
         AND j.classification = 'public' AND c.classification = 'public')) }
CALL {
  WITH a, f, p, b
  UNWIND range(0, size(f) - 1) AS k
  WITH k, a[k] AS giver, f[k] AS g, p[k] AS q, b[k] AS taker
  ORDER BY k
  RETURN collect({rel: {id: g.id, type: type(g), start: giver.id, end: q.id,
                        props: properties(g)},
                  from_org: giver {.*, labels: labels(giver)},
                  to_org: taker {.*, labels: labels(taker)},
                  from_project: null, project: q {.*, labels: labels(q)}}) AS onward
}
WITH {
  pattern: 'funds',
  first: d.name,
  steps: [{rel: {id: f1.id, type: type(f1), start: d.id, end: p1.id, props: properties(f1)},
           from_org: d {.*, labels: labels(d)}, to_org: x {.*, labels: labels(x)},
           from_project: null, project: p1 {.*, labels: labels(p1)}}] + onward
} AS chain
// The largest amounts first, step by step; ids make the order total.
ORDER BY chain.first, [step IN chain.steps | -coalesce(step.rel.props.amount_usd, 0.0)],
         [step IN chain.steps | step.rel.id]
WITH collect(chain) AS chains
RETURN size(chains) AS total, chains[$offset..$offset + $limit] AS page
