// The share of an intermediary's visible incoming money that came from the step before it,
// for each of $pairs ({key, pattern, source, via}); only fundings of $kinds count.
//  funds:     via is the intermediary organization, source the organization that funded it:
//             source's FUNDS to projects via implements, over everyone's but via's own;
//  passes_to: via is the intermediary activity, source the activity before it: source's
//             PASSES_TO links into via, over the larger of all links into via and via's
//             incoming FUNDS (two views of one activity's incoming money).
UNWIND $pairs AS pair
CALL {
  WITH pair
  MATCH (x:Organization {id: pair.via})<-[i:IMPLEMENTED_BY]-(q:Project)<-[g:FUNDS]-(o:Organization)
  WHERE pair.pattern = 'funds' AND o <> x AND g.kind IN $kinds
    AND ($restricted_ok OR (x.classification = 'public' AND i.classification = 'public'
         AND q.classification = 'public' AND g.classification = 'public'
         AND o.classification = 'public'))
  RETURN sum(CASE WHEN o.id = pair.source THEN g.amount_usd ELSE 0 END) AS mine,
         sum(g.amount_usd) AS whole
  UNION ALL
  WITH pair
  MATCH (v:Project {id: pair.via})
  WHERE pair.pattern = 'passes_to' AND ($restricted_ok OR v.classification = 'public')
  CALL {
    WITH v, pair
    OPTIONAL MATCH (v)<-[m:PASSES_TO]-(o:Project)
    WHERE m.kind IN $kinds
      AND ($restricted_ok OR (m.classification = 'public' AND o.classification = 'public'))
    RETURN sum(CASE WHEN o.id = pair.source THEN m.amount_usd ELSE 0 END) AS mine,
           sum(m.amount_usd) AS links
  }
  CALL {
    WITH v
    OPTIONAL MATCH (v)<-[g:FUNDS]-(o:Organization)
    WHERE g.kind IN $kinds AND g.direction = 'incoming'
      AND ($restricted_ok OR (g.classification = 'public' AND o.classification = 'public'))
    RETURN sum(g.amount_usd) AS funds
  }
  RETURN mine, CASE WHEN links >= funds THEN links ELSE funds END AS whole
}
RETURN pair.key AS key, sum(mine) AS mine, sum(whole) AS whole
