"""The root Mutation type: changes by role, each one audited."""

from __future__ import annotations

import strawberry

from graphhub.api.auth import Role
from graphhub.api.context import Info
from graphhub.api.types.entity import Entity
from graphhub.api.types.enums import Classification
from graphhub.api.types.ingest_run import Count, IngestRun
from graphhub.api.types.judgement import Judgement
from graphhub.api.types.merge_proposal import MergeProposal
from graphhub.api.upload import ingest_upload
from graphhub.writer import judgements, review

ANALYST_ROLES = (Role.FIU_ANALYST, Role.ADMIN)


@strawberry.type
class Mutation:
    @strawberry.mutation(
        description="Add an alias to an entity (fiu_analyst, admin). It is restricted (served "
        "to the FIU roles only) unless public is true."
    )
    async def add_alias(
        self, info: Info, entity_id: strawberry.ID, alias: str, public: bool = False
    ) -> Entity:
        context = info.context
        context.require(*ANALYST_ROLES)
        change = await judgements.add_alias(context.runner, str(entity_id), alias, public)
        if change.added:
            context.record_change(
                "add_alias", [change.node.id], alias=alias.strip(), public=public
            )
        return Entity.of(change.node)

    @strawberry.mutation(
        description="Remove a wrong alias (public or restricted) from an entity (fiu_analyst, "
        "admin); audited."
    )
    async def remove_alias(self, info: Info, entity_id: strawberry.ID, alias: str) -> Entity:
        context = info.context
        context.require(*ANALYST_ROLES)
        change = await judgements.remove_alias(context.runner, str(entity_id), alias)
        if change.added:
            context.record_change("remove_alias", [change.node.id], alias=alias.strip())
        return Entity.of(change.node)

    @strawberry.mutation(
        description="Merge mergeId into keepId, reversibly (fiu_analyst, admin). The merged "
        "entity is hidden and its relationships show on the kept one until undoMerge."
    )
    async def merge_entities(
        self, info: Info, keep_id: strawberry.ID, merge_id: strawberry.ID, reason: str
    ) -> Judgement:
        context = info.context
        context.require(*ANALYST_ROLES)
        item = await judgements.merge(
            context.runner, str(keep_id), str(merge_id), reason, context.principal.key_id
        )
        context.record_change("merge_entities", [item.keep, item.merged], judgement=item.id,
                              reason=item.reason)
        return Judgement.of(item)

    @strawberry.mutation(description="Undo a merge exactly (fiu_analyst, admin).")
    async def undo_merge(self, info: Info, judgement_id: strawberry.ID) -> Judgement:
        context = info.context
        context.require(*ANALYST_ROLES)
        item = await judgements.undo_merge(
            context.runner, str(judgement_id), context.principal.key_id
        )
        context.record_change("undo_merge", [item.keep, item.merged], judgement=item.id)
        return Judgement.of(item)

    @strawberry.mutation(
        description="Accept a pending merge proposal (fiu_analyst, admin): its node is merged "
        "into the kept one as mergeEntities does (undoMerge of the judgement it links undoes "
        "it and makes the proposal pending again)."
    )
    async def accept_merge_proposal(
        self, info: Info, id: strawberry.ID, reason: str
    ) -> MergeProposal:
        context = info.context
        context.require(*ANALYST_ROLES)
        item = await review.accept(context.runner, str(id), reason, context.principal.key_id)
        context.record_change("accept_merge_proposal", [item.keep, item.merged],
                              proposal=item.id, judgement=item.merge_judgement,
                              reason=item.decision_reason)
        return MergeProposal.of(item)

    @strawberry.mutation(
        description="Reject a pending merge proposal (fiu_analyst, admin): the two nodes stay "
        "apart and ingestion does not propose them again."
    )
    async def reject_merge_proposal(
        self, info: Info, id: strawberry.ID, reason: str
    ) -> MergeProposal:
        context = info.context
        context.require(*ANALYST_ROLES)
        item = await review.reject(context.runner, str(id), reason, context.principal.key_id)
        context.record_change("reject_merge_proposal", [item.keep, item.merged],
                              proposal=item.id, reason=item.decision_reason)
        return MergeProposal.of(item)

    @strawberry.mutation(
        description="Ingest a text document (.txt, .md, .html) given as content (admin). "
        "Without a classification it is restricted; markers in the text (FOUO, confidential, "
        "an FIU note ...) make it restricted whatever is declared."
    )
    async def upload_document(
        self,
        info: Info,
        filename: str,
        content: str,
        classification: Classification | None = None,
    ) -> IngestRun:
        context = info.context
        context.require(Role.ADMIN)
        request = context.request
        uri = getattr(request.app.state, "neo4j_uri", None) if request is not None else None
        declared = classification.value if classification is not None else None
        run = await ingest_upload(context.settings, uri, filename, content, declared)
        context.record_change("upload_document", [], filename=filename.strip(),
                              run=str(run.run_id), documents=_counted(run.documents),
                              classified=_counted(run.classified))
        return run


def _counted(counts: list[Count]) -> dict[str, int]:
    return {c.kind: c.count for c in counts}
