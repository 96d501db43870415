"""Entity resolution: records of one document onto canonical graph ids, with reasons."""

from ingestion.resolve.aliases import AliasEntry, bundled_aliases_path, load_aliases
from ingestion.resolve.edges import edge_id
from ingestion.resolve.resolution import Decision, KnownNode, Resolution, ResolvedNode
from ingestion.resolve.resolver import Resolver

__all__ = [
    "AliasEntry",
    "Decision",
    "KnownNode",
    "Resolution",
    "ResolvedNode",
    "Resolver",
    "bundled_aliases_path",
    "edge_id",
    "load_aliases",
]
