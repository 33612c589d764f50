"""Errors of the migration layer, under the project's one root (`graph.errors.CatalogError`)."""

from __future__ import annotations

from graph.errors import CatalogError


class SourceError(CatalogError):
    """The legacy source cannot be opened or read, or is not a legacy catalog."""


class InvalidSourceData(CatalogError):
    """The source breaks rules the migration will not guess around; nothing was written."""


class ValidationFailed(CatalogError):
    """The graph does not match the source after a migration (see the validation report)."""


class ExportError(CatalogError):
    """The graph could not be written back into the legacy schema."""


class SyncConflicts(CatalogError):
    """The source and editors changed the same things; a sync wrote nothing."""


class LedgerCorrupt(CatalogError):
    """A SyncLedger node that cannot be read: a sync cannot tell what was migrated."""
