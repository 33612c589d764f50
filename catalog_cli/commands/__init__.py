"""One module per `catalog` subcommand; `catalog_cli/main.py` registers them."""
