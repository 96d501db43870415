"""Sentence-level relation rules: funding, project links, seizures, financial intelligence."""
