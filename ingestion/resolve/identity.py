"""Records that keep the identity their source gave them: no name matching."""

from __future__ import annotations

from graphhub.ids import make_id
from ingestion.records import Extraction
from ingestion.resolve.keys import kind_of
from ingestion.resolve.resolution import Decision, Resolution, ResolvedNode
from ingestion.resolve.resolver import Resolver


class SourceIdentityResolver(Resolver):
    """Each record's id is the one its source gave (an FtM id): never merged by name.

    Such an id is a judgement the source (or its deduplication) already made; merging
    two of them by a similar name would make an export differ from the import. An id
    that is already a graph id of the same kind (a file exported from graphhub) is kept
    as it is, so re-importing an export lands on the same nodes.
    """

    def resolve(self, extraction: Extraction, structured: bool = False) -> Resolution:
        result = Resolution(extraction.doc_id)
        for record in extraction.nodes:
            source_id = str(record.props.get("ftm_id") or record.ref)
            kind = kind_of(record.label)
            if source_id.startswith(f"{kind}:"):
                node_id, how = source_id, f"graph id {source_id} given by the FtM file"
            else:
                node_id = make_id(kind, "ftm", source_id)
                how = f"FollowTheMoney id {source_id} given by the source; kept as its identity"
            result.nodes[record.ref] = ResolvedNode(
                id=node_id,
                label=record.label,
                name=record.name,
                props=dict(record.props),
                aliases=tuple(record.aliases),
                decision=Decision("code", 1.0, None, how),
            )
        return result
