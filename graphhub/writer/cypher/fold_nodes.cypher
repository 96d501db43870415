UNWIND $rows AS row
MATCH (n) WHERE elementId(n) = row.element
SET n = row.props
