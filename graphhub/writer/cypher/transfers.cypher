// A transfer names its source by document id and row (graphhub.model.SOURCE_DOC): lists, as
// other relationships keep them, need extra store records on every transfer.
UNWIND range(0, size($id) - 1) AS i
MATCH (a:Entity {id: $start[i]})
MATCH (b:Entity {id: $end[i]})
CREATE (a)-[:TRANSFER {
  id: $id[i], amount: $amount[i], currency: $currency[i], amount_usd: $usd[i], date: $date[i],
  reference: $reference[i], reporting_fiu: $fiu[i], sender_account: $sender_account[i],
  receiver_account: $receiver_account[i], duplicate_of: $duplicate_of[i],
  classification: $classification, source_doc: $doc, source_row: $row[i]
}]->(b)
