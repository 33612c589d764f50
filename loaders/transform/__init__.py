"""The pure part of the migration: legacy rows in, graph records and problems out. No I/O."""
