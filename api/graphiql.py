"""GraphiQL that works offline: the page and its assets come from this server, not a CDN.

strawberry's own GraphiQL page loads React and GraphiQL from unpkg, which fails without a
network. Here the same UMD builds are installed from the npm registry into `web/node_modules`
(`scripts/browser-setup`, from `web/package-lock.json`) and served under `/vendor/`. A built
wheel (or the Docker image) carries copies of them inside this package (`api/vendor/`, put
there by `build_hooks.py`), which win when present; a source checkout serves them from
`web/node_modules`. The app starts without either; the page then says how to install them
instead of showing a blank screen.

The frontend's contract (`api/contract/operations.graphql`) opens as GraphiQL's tabs, one
operation per tab, so every query the frontend sends is one click away.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

from starlette.routing import BaseRoute, Mount
from starlette.staticfiles import StaticFiles

from api.vendor_assets import PACKAGED_FOLDER, VENDOR_FILES

API_DIR = Path(__file__).resolve().parent
NODE_MODULES = API_DIR.parent / "web" / "node_modules"
PACKAGED = API_DIR / PACKAGED_FOLDER
CONTRACT = API_DIR / "contract" / "operations.graphql"


def in_checkout() -> bool:
    """Running from the source tree (editable install), where web/ holds the npm project."""
    return (API_DIR.parent / "web" / "package.json").is_file()


def _asset_folders() -> dict[str, Path]:
    """URL folder -> the folder serving it: the wheel's copies, or node_modules in a checkout."""
    packaged = {name: PACKAGED / name for name in VENDOR_FILES}
    complete = all(
        (packaged[name] / file).is_file()
        for name, (_, files) in VENDOR_FILES.items()
        for file in files
    )
    if complete or not in_checkout():
        return packaged
    return {name: NODE_MODULES / folder for name, (folder, _) in VENDOR_FILES.items()}


# URL prefix -> the folder it serves, and the files the page needs in it.
VENDOR: dict[str, tuple[Path, tuple[str, ...]]] = {
    name: (folder, VENDOR_FILES[name][1]) for name, folder in _asset_folders().items()
}
INSTALL_HINT = "scripts/browser-setup (or: npm ci --prefix web)"
# An installed wheel has no web/ to install into: it was built without the assets.
WHEEL_HINT = "npm ci --prefix web, then rebuild and reinstall the wheel"

# Variables each contract operation opens with, on the bundled catalog; mutations also get a
# Headers pane to put the bearer token in.
MY_TECHNIQUE = {
    "name": "My New Technique",
    "description": "Made through GraphiQL.",
    "primaryGoal": "Fairness",
    "categories": ["Group"],
    "tags": [],
    "attributes": [{"type": "Fairness Approach", "values": ["Group"]}],
}
EXAMPLE_VARIABLES: dict[str, dict[str, object]] = {
    "TechniqueList": {
        "where": {"goals": {"some": {"name": {"eq": "Fairness"}}}},
        "sort": [{"name": "ASC"}],
        "first": 5,
    },
    "TechniqueNames": {"sort": [{"name": "ASC"}], "limit": 10},
    "TechniqueDetail": {"slug": "shapley-additive-explanations"},
    "Search": {"phrase": "counterfactual", "limit": 5},
    "Facets": {"where": {"goals": {"some": {"name": {"eq": "Fairness"}}}}},
    "AttributeSchema": {"goals": ["Fairness", "Explainability"]},
    "Related": {"slug": "permutation-importance", "maxHops": 2},
    "Compare": {"slugs": ["anchor", "shapley-additive-explanations"]},
    # A technique of one's own to create, change and delete (updates replace its lists).
    "CreateTechnique": {"input": MY_TECHNIQUE},
    "UpdateTechnique": {
        "slug": "my-new-technique",
        "input": {**MY_TECHNIQUE, "description": "Changed through GraphiQL."},
    },
    "DeleteTechnique": {"slug": "my-new-technique"},
    "CreateGoal": {"name": "Robustness", "description": "Holds up under shifted inputs."},
    "LinkCategory": {"category": "Group", "goal": "Robustness"},
    "CreateAttributeType": {
        "input": {
            "name": "Evidence Strength",
            "multiValued": False,
            "appliesToAll": False,
            "applicableGoals": ["Fairness"],
            "values": ["Weak", "Moderate", "Strong"],
        }
    },
    "AddAttributeValue": {"type": "Evidence Strength", "name": "Very strong"},
}
BEARER_HEADER = json.dumps({"Authorization": "Bearer <your token>"}, indent=2)

_OPERATION_START = re.compile(r"^(query|mutation|subscription)\s+(\w+)", re.MULTILINE)


class InstalledFiles(StaticFiles):
    """Files of an npm package that may not be installed: 404 then, not a server error."""

    async def check_config(self) -> None:
        if self.directory is not None and Path(self.directory).is_dir():
            await super().check_config()


def vendor_routes() -> list[BaseRoute]:
    """`/vendor/<package>/<file>` from the package or web/node_modules; absent files 404."""
    return [
        Mount(f"/vendor/{name}", app=InstalledFiles(directory=folder, check_dir=False), name=name)
        for name, (folder, _) in VENDOR.items()
    ]


def missing_assets() -> list[str]:
    """The installed files the page needs and cannot find (empty when all are there)."""
    wanted = [folder / file for folder, files in VENDOR.values() for file in files]
    return [str(path.relative_to(API_DIR.parent)) for path in wanted if not path.is_file()]


def install_hint() -> str:
    """How to get the assets: from the npm registry in a checkout, by a rebuild for a wheel."""
    return INSTALL_HINT if in_checkout() else WHEEL_HINT


def contract_operations(text: str) -> list[tuple[str, str]]:
    """(name, text) of each operation of a GraphQL document, with the comments just above it.

    The contract holds only operations (no fragments), each starting at the beginning of a
    line, so splitting at those starts is exact.
    """
    starts = [m.start() for m in _OPERATION_START.finditer(text)]
    operations = []
    for index, start in enumerate(starts):
        end = starts[index + 1] if index + 1 < len(starts) else len(text)
        body = text[start:end].rstrip()
        # Trailing comment lines belong to the next operation.
        lines = body.splitlines()
        while lines and lines[-1].lstrip().startswith("#"):
            lines.pop()
        body = "\n".join(lines).rstrip()
        comments: list[str] = []
        for line in reversed(text[:start].rstrip("\n").splitlines()):
            if not line.startswith("#") or line.startswith("# Operations the catalog"):
                break
            comments.insert(0, line)
        match = _OPERATION_START.match(body)
        assert match is not None
        operations.append((match.group(2), "\n".join([*comments, body]) + "\n"))
    return operations


def tab(name: str, text: str) -> dict[str, str]:
    """One GraphiQL tab: the operation, its example variables, a token header for writes."""
    opened = {"query": text}
    if name in EXAMPLE_VARIABLES:
        opened["variables"] = json.dumps(EXAMPLE_VARIABLES[name], indent=2)
    start = _OPERATION_START.search(text)
    if start and start.group(1) == "mutation":
        opened["headers"] = BEARER_HEADER
    return opened


def graphiql_html(endpoint: str = "/graphql") -> str:
    """The GraphiQL page, or a page saying how to install its assets when they are missing."""
    missing = missing_assets()
    if missing:
        return _MISSING.format(
            files="".join(f"<li><code>{html.escape(f)}</code></li>" for f in missing),
            hint=html.escape(install_hint()),
        )
    contract = CONTRACT.read_text("utf-8") if CONTRACT.is_file() else ""
    tabs = [tab(name, text) for name, text in contract_operations(contract)]
    config = {"endpoint": endpoint, "tabs": tabs}
    # `</` cannot close the script element from inside the JSON.
    payload = json.dumps(config).replace("</", "<\\/")
    return _PAGE.replace("__CONFIG__", payload)


_PAGE = """<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>GraphiQL · assurance catalog</title>
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <link rel="stylesheet" href="/vendor/graphiql/graphiql.min.css">
  <style>html, body, #graphiql { height: 100%; margin: 0; }</style>
</head>
<body>
  <div id="graphiql">Loading GraphiQL…</div>
  <script src="/vendor/react/react.production.min.js"></script>
  <script src="/vendor/react-dom/react-dom.production.min.js"></script>
  <script src="/vendor/graphiql/graphiql.min.js"></script>
  <script id="graphiql-config" type="application/json">__CONFIG__</script>
  <script>
    // The contract's operations open as tabs; headers (a bearer token for the mutations)
    // go in GraphiQL's Headers pane and are kept with the tabs.
    const config = JSON.parse(document.getElementById("graphiql-config").textContent);
    const fetcher = GraphiQL.createFetcher({ url: config.endpoint });
    // GraphiQL 3 opens the first of `defaultTabs` with empty Variables and Headers panes
    // (graphql/graphiql#3392: those editors start from the `variables` and `headers` props,
    // not from the tab). Once the editors exist, this fills an empty one from the open tab.
    // GraphiQL renders a toolbar component inside its editor context for such uses.
    function OpenTabPanes() {
      const editors = GraphiQL.React.useEditorContext({ nonNull: true });
      const { variableEditor, headerEditor } = editors;
      React.useEffect(() => {
        const open = editors.tabs[editors.activeTabIndex];
        const panes = [[variableEditor, open.variables], [headerEditor, open.headers]];
        for (const [pane, text] of panes) {
          if (pane && text && !pane.getValue()) pane.setValue(text);
        }
      }, [variableEditor, headerEditor]);
      return null;
    }
    ReactDOM.createRoot(document.getElementById("graphiql")).render(
      React.createElement(GraphiQL, {
        fetcher,
        defaultTabs: config.tabs,
        defaultEditorToolsVisibility: true,
        shouldPersistHeaders: false,
        toolbar: { additionalComponent: OpenTabPanes },
      })
    );
  </script>
</body>
</html>
"""

_MISSING = """<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>GraphiQL is not installed</title>
<style>body {{ font: 16px/1.5 system-ui, sans-serif; max-width: 44rem; margin: 3rem auto; }}</style>
</head>
<body>
  <h1>GraphiQL's files are not installed</h1>
  <p>This server serves GraphiQL from the project, not from a CDN, so it works offline.
     These files are missing:</p>
  <ul>{files}</ul>
  <p>Install them from the npm registry with <code>{hint}</code>, then reload this page.
     The GraphQL endpoint itself works without them: POST queries to <code>/graphql</code>.</p>
</body>
</html>
"""
