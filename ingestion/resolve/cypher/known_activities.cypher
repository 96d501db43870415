// Every Project with a code or an IATI identifier: the activity index's seed.
MATCH (p:Project)
WHERE p.code IS NOT NULL OR p.iati_identifier IS NOT NULL
RETURN p.id AS id, p.code AS code, p.iati_identifier AS identifier,
       coalesce(p.codes, []) AS codes
