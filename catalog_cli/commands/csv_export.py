"""`catalog export-csv`: the migration's nodes and relationships as neo4j-admin import CSV."""

from __future__ import annotations

from pathlib import Path

import click

from loaders.csv_export import export_csv
from loaders.sources import open_source

PROBLEMS_SHOWN = 20


@click.command("export-csv")
@click.argument("source")
@click.argument("out_dir", metavar="OUT_DIR", type=click.Path(file_okay=True, path_type=Path))
@click.option(
    "--skip-invalid",
    is_flag=True,
    help="Export everything valid, as `catalog migrate --skip-invalid` would load it.",
)
@click.option("--force", is_flag=True, help="Replace OUT_DIR if it exists.")
@click.option("--batch-size", type=click.IntRange(100, 100_000), default=5000, show_default=True)
def export_csv_command(
    source: str, out_dir: Path, skip_invalid: bool, force: bool, batch_size: int
) -> None:
    """Write a legacy catalog (SQLite file or postgresql:// URL) as CSV files for
    `neo4j-admin database import full`: the graph `catalog migrate` would build, for a
    high-speed initial load into a stopped, empty Neo4j.

    The source is checked and transformed by the migration's own steps, so the imported
    graph equals a migrated one (without the MigrationRun record). OUT_DIR gets nodes/ and
    relationships/ (a header file and a data file per label and type), import.args (the
    import's arguments, absolute paths) and manifest.json (rows per label and type). The
    import creates no constraints or indexes (neo4j-admin's --schema needs Enterprise's
    block format) and no provenance: once the server is up, `catalog migrate SOURCE` over
    the imported graph installs them and validates (docs/operations.md).

    \b
    Example:
      catalog export-csv legacy.db /tmp/catalog-csv
      scripts/neo4j stop
      scripts/neo4j admin default database import full @/tmp/catalog-csv/import.args \\
          --overwrite-destination neo4j
      scripts/neo4j start
      catalog migrate legacy.db
    """
    with open_source(source) as legacy:
        export = export_csv(
            legacy, out_dir, skip_invalid=skip_invalid, force=force, batch_size=batch_size
        )
    total = sum(export.source_rows.values())
    click.echo(f"source: {export.source} ({total} rows in {len(export.source_rows)} tables)")
    errors, warnings = export.problems.errors, export.problems.warnings
    click.echo(f"problems: {len(errors)} errors, {len(warnings)} warnings")
    for code, n in export.problems.counts().items():
        click.echo(f"  {code}: {n}")
    for problem in errors[:PROBLEMS_SHOWN]:
        click.echo(problem.line(), err=True)
    click.echo(f"wrote {export.folder} in {export.seconds:.1f}s")
    for name, n in (*export.nodes.items(), *export.relationships.items()):
        click.echo(f"  {name:<20} {n:>10,}")
    click.echo(f"  {'nodes':<20} {sum(export.nodes.values()):>10,}")
    click.echo(f"  {'relationships':<20} {sum(export.relationships.values()):>10,}")
    click.echo(
        "import (server stopped): scripts/neo4j admin INSTANCE database import full "
        f"@{export.args_file} --overwrite-destination neo4j"
    )
