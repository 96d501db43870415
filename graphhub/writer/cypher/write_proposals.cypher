// Pending merge proposals of one label, one per pair of nodes (a deterministic id): a
// proposal already there keeps its status, so a rejected pair is never proposed again and
// an accepted one is not reopened by a rerun. Classified as the stricter of the two nodes
// and the source document. A pair one of whose nodes is merged away is not proposed.
UNWIND $rows AS row
MATCH (k:__LABEL__ {id: row.keep}), (m:__LABEL__ {id: row.merged})
WHERE k.merged_into IS NULL AND m.merged_into IS NULL
MERGE (j:Judgement {id: row.id})
ON CREATE SET j.kind = 'proposal', j.status = 'pending', j.label = row.label,
              j.keep = row.keep, j.merged = row.merged, j.score = row.score,
              j.reason = row.reason, j.source = row.doc, j.at = $at,
              j.classification = CASE
                WHEN row.classification = 'public' AND k.classification = 'public'
                     AND m.classification = 'public' THEN 'public'
                ELSE 'restricted' END
RETURN count(j) AS proposals
