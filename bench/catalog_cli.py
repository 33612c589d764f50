"""`catalog` with `export-csv` registered, for as long as loaders/cli.py does not register it.

Once it does, this is the installed `catalog` command exactly (adding the command is skipped).

    .venv/bin/python -m bench.catalog_cli export-csv SOURCE OUT_DIR
"""

from __future__ import annotations

from loaders.cli import cli, main
from loaders.commands.csv_export import export_csv_command

if "export-csv" not in cli.commands:
    cli.add_command(export_csv_command)

if __name__ == "__main__":
    main()
