MATCH (n)
WHERE any(label IN labels(n) WHERE label IN $labels) AND n.merged_into IS NULL
RETURN n.id AS id, [label IN labels(n) WHERE label IN $labels][0] AS label,
       n.name AS name, coalesce(n.aliases, []) AS aliases, n.acronym AS acronym,
       n.iati_ref AS iati_ref, n.iban AS iban
