"""One module per `catalog` subcommand; `loaders/cli.py` registers them."""
