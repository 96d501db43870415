// Funding chains of PASSES_TO links between IATI activities (provider- / receiver-activity-id),
// two to $max_steps links, from an activity no visible link comes into. Only visible links
// are followed, so a chain with a restricted link is cut before it. The organizations of each
// link are found by the IATI organisation identifier the transaction gives, else by the exact
// name it writes. Filters as funding_chains_funds. Sorted by the first giver's name, then the amounts.
MATCH (s:Project) ((a:Project)-[l:PASSES_TO]->(b:Project)
      WHERE ($restricted_ok OR (l.classification = 'public'
             AND b.classification = 'public'))){2,4}
WITH s, a, l, b, [s] + b AS projects
WHERE size(l) <= $max_steps
  AND ($restricted_ok OR s.classification = 'public')
  AND all(k IN range(0, size(projects) - 2) WHERE NOT projects[k] IN projects[k + 1..])
  AND ($project IS NULL OR any(q IN projects WHERE q.id = $project))
  AND NOT EXISTS {
    MATCH (o:Project)-[m:PASSES_TO]->(s)
    WHERE NOT o IN projects AND ($restricted_ok OR (m.classification = 'public'
          AND o.classification = 'public')) }
WITH s, a, l, b, projects, projects[size(projects) - 1] AS last
WHERE size(l) = $max_steps OR NOT EXISTS {
  MATCH (last)-[m:PASSES_TO]->(o:Project)
  WHERE NOT o IN projects AND ($restricted_ok OR (m.classification = 'public'
        AND o.classification = 'public')) }
// The organizations of each link: by the IATI organisation identifier the transaction
// gives, else by the exact name it writes.
CALL {
  WITH a, l, b
  UNWIND range(0, size(l) - 1) AS k
  WITH k, a[k] AS from_project, l[k] AS link, b[k] AS project
  WITH k, from_project, link, project,
       COLLECT { MATCH (o:Organization)
                 WHERE ((link.provider_ref IS NOT NULL AND o.iati_ref = link.provider_ref)
                        OR (link.provider_ref IS NULL AND o.name = link.provider_name))
                   AND ($restricted_ok OR o.classification = 'public')
                 WITH o ORDER BY o.id LIMIT 1 RETURN o {.*, labels: labels(o)} } AS givers,
       COLLECT { MATCH (o:Organization)
                 WHERE ((link.receiver_ref IS NOT NULL AND o.iati_ref = link.receiver_ref)
                        OR (link.receiver_ref IS NULL AND o.name = link.receiver_name))
                   AND ($restricted_ok OR o.classification = 'public')
                 WITH o ORDER BY o.id LIMIT 1 RETURN o {.*, labels: labels(o)} } AS takers
  ORDER BY k
  RETURN collect({rel: {id: link.id, type: type(link), start: from_project.id,
                        end: project.id, props: properties(link)},
                  from_org: head(givers), to_org: head(takers),
                  from_project: from_project {.*, labels: labels(from_project)},
                  project: project {.*, labels: labels(project)}}) AS steps
}
WITH s, l, steps
WHERE ($donor IS NULL OR steps[0].from_org.id = $donor)
  AND ($organization IS NULL OR any(step IN steps WHERE step.from_org.id = $organization
                                    OR step.to_org.id = $organization))
WITH {
  pattern: 'passes_to',
  first: coalesce(steps[0].from_org.name, l[0].provider_name, l[0].provider_ref, ''),
  steps: steps
} AS chain
// The largest amounts first, step by step; ids make the order total.
ORDER BY chain.first, [step IN chain.steps | -coalesce(step.rel.props.amount_usd, 0.0)],
         [step IN chain.steps | step.rel.id]
WITH collect(chain) AS chains
RETURN size(chains) AS total, chains[$offset..$offset + $limit] AS page
