// Visible FIU findings matching the filter, newest first; one page of them.
MATCH (f:Finding)
WHERE ($restricted_ok OR f.classification = 'public')
  AND ($ids IS NULL OR f.id IN $ids)
  AND ($entity IS NULL OR EXISTS {
        MATCH (f)-[r:CONCERNS]->(e:Entity {id: $entity})
        WHERE e.merged_into IS NULL
          AND ($restricted_ok OR (r.classification = 'public' AND e.classification = 'public')) })
  AND ($fiu IS NULL OR toLower(coalesce(f.reporting_fiu, '')) CONTAINS toLower($fiu))
  AND ($date_from IS NULL OR f.date >= $date_from)
  AND ($date_to IS NULL OR f.date <= $date_to)
  AND ($text IS NULL OR toLower(coalesce(f.name, '') + ' ' + coalesce(f.summary, ''))
                        CONTAINS toLower($text))
WITH f ORDER BY f.date DESC, f.name, f.id
WITH collect(f {.*, labels: labels(f)}) AS rows
RETURN size(rows) AS total, rows[$offset..$offset + $limit] AS items
