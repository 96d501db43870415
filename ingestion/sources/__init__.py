"""Structured sources: contribution tables, IATI XML, FIU transfer exports, FollowTheMoney.

Each reader is a pure function from a file to ``ingestion.records`` objects plus
the per-row problems it found; nothing here touches the database.
"""
