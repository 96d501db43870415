// Visible seizures matching the filter with their countries and seizing bodies; newest first.
MATCH (z:Seizure)
WHERE ($restricted_ok OR z.classification = 'public')
  AND ($drug IS NULL OR toLower(coalesce(z.drug, '')) CONTAINS toLower($drug))
  AND ($date_from IS NULL OR z.date >= $date_from)
  AND ($date_to IS NULL OR z.date <= $date_to)
  AND ($min_kg IS NULL OR z.quantity_kg >= $min_kg)
  AND ($country IS NULL OR EXISTS {
        MATCH (z)-[:IN_COUNTRY]->(c:Country)
        WHERE ($restricted_ok OR c.classification = 'public')
          AND (c.iso3 = toUpper($country) OR toLower(c.name) = toLower($country)
               OR c.id = $country) })
OPTIONAL MATCH (z)-[r:IN_COUNTRY|BY]->(o)
WHERE ($restricted_ok OR (r.classification = 'public' AND o.classification = 'public'))
WITH z, collect(CASE WHEN o IS NULL THEN null
                     ELSE {type: type(r), node: o {.*, labels: labels(o)}} END) AS links
ORDER BY z.date DESC, z.quantity_kg DESC, z.id
WITH collect({node: z {.*, labels: labels(z)}, links: links}) AS rows
RETURN size(rows) AS total, rows[$offset..$offset + $limit] AS items,
       reduce(kg = 0.0, row IN rows | kg + coalesce(row.node.quantity_kg, 0.0)) AS total_kg
