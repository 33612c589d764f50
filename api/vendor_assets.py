"""Which files of which npm packages the offline GraphiQL page loads (pure data, no imports).

Two readers keep this the one list: `api/graphiql.py` serves these files at run time, and the
wheel's build step (`build_hooks.py`, which loads this file by path because the build runs
before the package's dependencies exist) copies them from `web/node_modules` into the package,
so an installed wheel or image serves GraphiQL with no source tree and no CDN.
"""

from __future__ import annotations

# URL folder under /vendor/ -> (its folder inside web/node_modules, the files the page loads).
VENDOR_FILES: dict[str, tuple[str, tuple[str, ...]]] = {
    "react": ("react/umd", ("react.production.min.js",)),
    "react-dom": ("react-dom/umd", ("react-dom.production.min.js",)),
    "graphiql": ("graphiql", ("graphiql.min.js", "graphiql.min.css")),
}

# Where a built wheel keeps them, inside the `api` package: vendor/<URL folder>/<file>.
PACKAGED_FOLDER = "vendor"
