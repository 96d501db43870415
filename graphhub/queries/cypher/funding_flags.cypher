// Fills the FLAGS slot of the funding queries, right after they matched the visible
// fundings (d:Organization)-[f:FUNDS]->(p:Project) they were asked for. Keeps the fundings
// of the $kinds asked for (null: every kind) and adds to each:
//   kind        its kind, or 'unknown' when it states none of $known_kinds;
//   superseded  a visible funding of the same project, kind and year is stated by a
//               better-ranked source (the rank of a funding: the first of $precedence among
//               its source_kinds; none given: after them all), so this one is corroboration;
//   onward_out  it is onward money (an intermediary passing on what it received) and
//               $count_onward is false;
//   counts      neither superseded nor left out as onward money.
WITH d, f, p, CASE WHEN f.kind IN $known_kinds THEN f.kind ELSE 'unknown' END AS kind,
     coalesce(head([i IN range(0, size($precedence) - 1)
                    WHERE $precedence[i] IN coalesce(f.source_kinds, [])]),
              size($precedence)) AS rank
WHERE $kinds IS NULL OR kind IN $kinds
WITH d, f, p, kind, rank > 0 AND EXISTS {
       MATCH (o:Organization)-[g:FUNDS]->(p)
       WHERE ($restricted_ok OR (o.classification = 'public' AND g.classification = 'public'))
         AND (CASE WHEN g.kind IN $known_kinds THEN g.kind ELSE 'unknown' END) = kind
         AND (g.year = f.year OR (g.year IS NULL AND f.year IS NULL))
         AND coalesce(head([i IN range(0, size($precedence) - 1)
                            WHERE $precedence[i] IN coalesce(g.source_kinds, [])]),
                      size($precedence)) < rank } AS superseded
WITH d, f, p, kind, superseded, coalesce(f.onward = true, false) AND NOT $count_onward AS onward_out
WITH d, f, p, kind, superseded, onward_out, NOT superseded AND NOT onward_out AS counts
