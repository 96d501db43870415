"""graphhub ingestion: read → extract → resolve → write."""
