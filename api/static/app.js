// The reference client of the catalog's GraphQL API. Browsing (list, search, facets, a
// technique's page, compare) is in ./browse.js with its state in the URL (./state.js); the
// editor is in ./editor.js. Contract operations are in ./operations.js, the browsing views'
// others in ./browse-operations.js, the editor's in ./edit_operations.js.
//
//   #/?q=…&goal=…&page=…   list, search and filters (browse.js)
//   #/t/<slug>             a technique (browse.js)
//   #/compare?slugs=a,b    side by side (browse.js)
//   #/t/<slug>/edit        edit form drawn from AttributeSchema(goals) (editor.js)
//   #/t/<slug>/history     who changed what, when; restore a version (editor.js)
//   #/new                  the same form, empty (editor.js)

import { getToken, setToken } from "./graphql.js";
import { h } from "./dom.js";
import { editPage, historyPage, mayLeave } from "./editor.js";
import { begin, compareView, detailView, go, listView, setTitle } from "./browse.js";
import { parse } from "./state.js";

const view = document.getElementById("view");

function showError(error) {
  view.replaceChildren(h("p", { className: "error", role: "alert" }, String(error.message || error)));
}

async function route() {
  const state = parse(location.hash);
  try {
    if (state.view === "edit" || state.view === "new" || state.view === "history") {
      begin(); // answers still coming for a list or detail are not drawn over the editor
      if (state.view === "history") {
        setTitle(`History of ${state.slug}`);
        await historyPage(view, state.slug);
      } else {
        setTitle(state.view === "new" ? "New technique" : `Edit ${state.slug}`);
        await editPage(view, state.view === "new" ? null : state.slug);
      }
    } else if (state.view === "detail") await detailView(state.slug, view);
    else if (state.view === "compare") await compareView(state.slugs, view);
    else await listView(state, view);
  } catch (error) {
    showError(error);
  }
}

const tokenInput = document.getElementById("token");
tokenInput.value = getToken();
tokenInput.addEventListener("change", () => setToken(tokenInput.value.trim()));
document.getElementById("search").addEventListener("submit", (event) => {
  event.preventDefault();
  const q = document.getElementById("search-phrase").value.trim();
  const current = parse(location.hash);
  const list = current.view === "list" ? current : parse("#/");
  go({ ...list, q, page: 1 });
});
document.querySelector(".skip").addEventListener("click", (event) => {
  event.preventDefault();
  (document.getElementById("results") || view).focus();
});
// Leaving a form with unsaved changes asks first; declined, the address goes back.
let shownHash = location.hash;
window.addEventListener("hashchange", () => {
  if (!mayLeave()) return history.replaceState(null, "", shownHash);
  shownHash = location.hash;
  route();
});
// "New technique" is always a blank form, also when one is on screen already.
document.querySelector('a[href="#/new"]').addEventListener("click", (event) => {
  if (location.hash !== "#/new") return;
  event.preventDefault();
  if (mayLeave()) route();
});
route();
