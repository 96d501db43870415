MATCH (:Document {id: $doc})-[m:MENTIONS]->()
CALL (m) { DELETE m } IN TRANSACTIONS OF 10000 ROWS
