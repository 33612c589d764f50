"""Edit history reads: a technique's history, a past version, the deleted techniques (they
name who edited, so they need a token, role editor, like the writes); and the model
dependency vocabulary (public).
"""

from __future__ import annotations

from typing import Any

from strawberry import Info

from api.auth import EDITOR, require
from api.context import call_graph, context_of
from api.types.history import (
    AttributeValues,
    DeletedTechnique,
    HistoryEntry,
    TechniqueHistory,
    TechniqueVersion,
)
from api.types.results import FieldChange
from graph.queries.errors import QueryInputError
from graph.writes import history, vocabulary

HISTORY_PAGE = 20


def _page(limit: int | None, offset: int | None, maximum: int) -> tuple[int, int]:
    size = HISTORY_PAGE if limit is None else limit
    if not 1 <= size <= maximum:
        raise QueryInputError(f"limit must be 1 to {maximum}, not {size}", "limit")
    start = offset or 0
    if start < 0:
        raise QueryInputError(f"offset must be 0 or more, not {start}", "offset")
    return size, start


def _changes(changes: list[dict[str, Any]]) -> list[FieldChange]:
    return [FieldChange(field=c["field"], before=c["before"], after=c["after"]) for c in changes]


async def technique_history(
    info: Info, slug: str, limit: int | None = None, offset: int | None = None
) -> TechniqueHistory | None:
    """Who changed a technique (live or deleted), when, and each field before and after:
    newest first, `limit` entries (default 20, at most API_MAX_PAGE_SIZE) after `offset`; a
    migrated technique's last entry is its migration. Needs role editor."""
    require(info, EDITOR)
    context = context_of(info)
    size, start = _page(limit, offset, context.limits.max_page_size)
    found = await call_graph(history.history, context.graph, slug, size, start)
    if found is None:
        return None
    return TechniqueHistory(
        slug=found.slug,
        version=found.version,
        deleted=found.deleted,
        total=found.total,
        entries=[
            HistoryEntry(
                version=e.version,
                at=e.at,
                by=e.by,
                action=e.action,
                changes=_changes(e.changes),
                restored_from=e.restored_from,
                source=e.source,
            )
            for e in found.entries
        ],
    )


async def technique_version(info: Info, slug: str, version: int) -> TechniqueVersion | None:
    """A technique's fields as they were at `version` of its history (null when the history
    has no such version). Needs role editor."""
    require(info, EDITOR)
    context = context_of(info)
    state = await call_graph(history.version_state, context.graph, slug, version)
    if state is None:
        return None
    return TechniqueVersion(
        slug=slug,
        version=version,
        name=state.get("name"),
        description=state.get("description"),
        model_dependency=state.get("modelDependency"),
        example_use_case=state.get("exampleUseCase"),
        primary_goal=state.get("primaryGoal"),
        categories=list(state.get("categories") or ()),
        sub_categories=list(state.get("subCategories") or ()),
        tags=list(state.get("tags") or ()),
        attributes=[
            AttributeValues(type=a["type"], values=list(a["values"]))
            for a in state.get("attributes") or ()
        ],
    )


async def deleted_techniques(
    info: Info, limit: int | None = None, offset: int | None = None
) -> list[DeletedTechnique]:
    """Deleted techniques (restorable with restoreTechnique), most recent first. Needs role
    editor."""
    require(info, EDITOR)
    context = context_of(info)
    size, start = _page(limit, offset, context.limits.max_page_size)
    rows = await call_graph(history.deleted_techniques, context.graph, size, start)
    return [
        DeletedTechnique(
            slug=r["slug"],
            name=r["name"],
            version=int(r["version"] or 0),
            deleted_at=r["deletedAt"],
            deleted_by=r["deletedBy"],
        )
        for r in rows
    ]


async def model_dependencies(info: Info) -> list[str]:
    """The model dependency vocabulary: the values a technique's modelDependency may take
    (createModelDependency adds one)."""
    context = context_of(info)
    return await call_graph(vocabulary.model_dependencies, context.graph)
