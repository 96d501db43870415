// Transfers of a load that stopped half way: found by their id prefix on the TRANSFER.id index.
MATCH ()-[t:TRANSFER]->() WHERE t.id STARTS WITH $prefix
CALL (t) { DELETE t } IN TRANSACTIONS OF 10000 ROWS
