// The reference client of the catalog's GraphQL API: every request it sends is an operation
// of the frontend's contract (./operations.js), so it doubles as the contract's worked example.
//
//   #/                 list + filter sidebar (TechniqueList, Facets), search box (Search)
//                      with cursor pagination ("Show more": `after: endCursor`)
//   #/t/<slug>         detail (TechniqueDetail) and techniques within two hops (Related)
//   #/t/<slug>/edit    edit form drawn from AttributeSchema(goals) (editor.js)
//   #/t/<slug>/history who changed what, when; restore a version (editor.js)
//   #/new              the same form, empty (editor.js)

import * as ops from "./operations.js";
import { request, setToken, getToken } from "./graphql.js";
import { badge, h } from "./dom.js";
import { editPage, historyPage, mayLeave } from "./editor.js";

const view = document.getElementById("view");

// Filters of the list page: facet group -> selected names. Attribute values are "Type: Value".
const filters = { goals: new Set(), categories: new Set(), modelDependencies: new Set(), attributes: new Set(), tags: new Set() };
let phrase = "";
const SHOWN_PER_FACET = 12;
const PAGE_SIZE = 30;
const SORT = [{ name: "ASC" }];
const expanded = new Set();

function show(...nodes) {
  view.replaceChildren(...nodes);
}

function showError(error) {
  show(h("p", { className: "error", role: "alert" }, String(error.message || error)));
}

// ---- filters -> TechniqueWhere (the contract's where shape) ----

function where() {
  const name = (value) => ({ name: { eq: value } });
  const terms = [];
  for (const goal of filters.goals) terms.push({ goals: { some: name(goal) } });
  for (const category of filters.categories) terms.push({ categories: { some: name(category) } });
  for (const tag of filters.tags) terms.push({ tags: { some: name(tag) } });
  if (filters.modelDependencies.size) terms.push({ modelDependency: { in: [...filters.modelDependencies] } });
  for (const pair of filters.attributes) {
    const [type, value] = JSON.parse(pair);
    terms.push({ attributes: { some: { type: name(type), value: name(value) } } });
  }
  return terms.length ? { AND: terms } : null;
}

// ---- list page ----

async function listPage() {
  show(h("p", { className: "muted" }, "Loading techniques…"));
  const filter = where();
  const [facets, list] = await Promise.all([
    request(ops.Facets, { where: filter }),
    phrase
      ? request(ops.Search, { phrase, where: filter, limit: 50 })
      : request(ops.TechniqueList, { where: filter, sort: SORT, first: PAGE_SIZE }),
  ]);
  const f = facets.techniqueFacets;
  const rows = phrase
    ? list.searchTechniques.map((hit) => ({ ...hit.technique, score: hit.score }))
    : list.techniquesConnection.edges.map((edge) => edge.node);
  const summary = phrase
    ? h("p", { className: "summary", id: "summary" }, h("strong", {}, `${rows.length}`),
        ` results for “${phrase}” among `, h("strong", { id: "total" }, `${f.total}`), " matching techniques ",
        h("a", { href: "#/", onclick: () => clearSearch() }, "clear search"))
    : h("p", { className: "summary", id: "summary" }, h("strong", { id: "total" }, `${f.total}`), " techniques",
        filterCount() ? [" match the filters · ", h("a", { href: "#/", onclick: () => clearFilters() }, "clear filters")] : "");
  const results = h("ul", { className: "cards", id: "results" }, rows.map(card));
  const more = phrase ? null : moreButton(results, filter, list.techniquesConnection.pageInfo);
  show(h("div", { className: "layout" }, sidebar(f), h("section", {}, summary, results, more)));
}

// Cursor pagination: the next page starts after the last card's cursor, in the same sort.
function moreButton(results, filter, pageInfo) {
  if (!pageInfo.hasNextPage) return null;
  const button = h("button", { className: "more-results", type: "button" }, "Show more");
  let after = pageInfo.endCursor;
  button.addEventListener("click", async () => {
    button.disabled = true;
    const { techniquesConnection: page } = await request(ops.TechniqueList, { where: filter, sort: SORT, first: PAGE_SIZE, after });
    results.append(...page.edges.map((edge) => card(edge.node)));
    after = page.pageInfo.endCursor;
    button.disabled = false;
    if (!page.pageInfo.hasNextPage) button.remove();
  });
  return button;
}

function filterCount() {
  return Object.values(filters).reduce((n, set) => n + set.size, 0);
}

function clearFilters() {
  for (const set of Object.values(filters)) set.clear();
  route();
}

function clearSearch() {
  phrase = "";
  document.getElementById("search-phrase").value = "";
  route();
}

function sidebar(f) {
  const groups = [
    ["Goals", "goals", f.goals.map((o) => [o.name, o.name, o.count])],
    ["Categories", "categories", f.categories.map((o) => [o.name, o.name, o.count])],
    ["Model dependency", "modelDependencies", f.modelDependencies.map((o) => [o.name, o.name, o.count])],
    ...f.attributes.map((a) => [a.type, "attributes", a.values.map((v) => [JSON.stringify([a.type, v.name]), v.name, v.count])]),
    ["Tags", "tags", f.tags.map((o) => [o.name, o.name, o.count])],
  ];
  return h("aside", { className: "facets", "aria-label": "Filters" },
    groups.filter(([, , options]) => options.length).map(([title, group, options]) => facetGroup(title, group, options)));
}

function facetGroup(title, group, options) {
  const key = `${group}:${title}`;
  const selected = filters[group];
  // Selected options first, so they stay in view when the list is cut.
  const ordered = [...options.filter(([v]) => selected.has(v)), ...options.filter(([v]) => !selected.has(v))];
  const shown = expanded.has(key) ? ordered : ordered.slice(0, SHOWN_PER_FACET);
  return h("div", { className: "facet", dataset: { facet: title } },
    h("h3", {}, title),
    shown.map(([value, label, count]) => h("label", {},
      h("input", {
        type: "checkbox", checked: selected.has(value), value,
        onchange: (event) => { event.target.checked ? selected.add(value) : selected.delete(value); route(); },
      }),
      h("span", { className: "name" }, label), h("span", { className: "count" }, String(count)))),
    ordered.length > shown.length
      ? h("button", { className: "more", type: "button", onclick: () => { expanded.add(key); route(); } }, `${ordered.length - shown.length} more…`)
      : null);
}

function card(t) {
  return h("li", { className: "card", dataset: { slug: t.slug } },
    h("h2", {}, h("a", { href: `#/t/${t.slug}` }, t.name)),
    t.score !== undefined ? h("span", { className: "muted" }, `score ${t.score.toFixed(2)}`) : null,
    (t.goals || []).map((g) => badge(g.name, "goal")),
    t.modelDependency ? badge(t.modelDependency) : null,
    (t.attributes || []).map((a) => badge(`${a.type.name}: ${a.value.name}`, "attr")),
    t.tags?.length ? h("div", { className: "muted" }, t.tags.map((tag) => tag.name).join(" · ")) : null);
}

// ---- detail page ----

async function detailPage(slug) {
  const [detail, related] = await Promise.all([
    request(ops.TechniqueDetail, { slug }),
    request(ops.Related, { slug, maxHops: 2 }).catch(() => ({ relatedTechniques: [] })),
  ]);
  const t = detail.technique;
  if (!t) return show(h("p", { className: "error" }, `No technique has the slug “${slug}”.`));
  const link = (r) => h("a", { href: `#/t/${r.slug}` }, r.name);
  show(h("article", { className: "detail" },
    h("p", {}, h("a", { href: "#/" }, "← all techniques"), " · ", h("a", { href: `#/t/${slug}/edit`, id: "edit-link" }, "Edit"), " · ", h("a", { href: `#/t/${slug}/history`, id: "history-link" }, "History")),
    h("h1", {}, t.name),
    h("p", {}, t.description || ""),
    h("dl", {},
      h("dt", {}, "Goals"), h("dd", {}, t.goals.map((g) => badge(g.name, "goal")), h("span", { className: "muted" }, ` primary: ${t.primaryGoal?.name ?? "—"}`)),
      h("dt", {}, "Categories"), h("dd", {}, t.categories.map((c) => c.name).join(", ") || "—"),
      h("dt", {}, "Subcategories"), h("dd", {}, t.subCategories.map((c) => c.name).join(", ") || "—"),
      h("dt", {}, "Model dependency"), h("dd", {}, t.modelDependency || "—"),
      h("dt", {}, "Example use case"), h("dd", {}, t.exampleUseCase || "—"),
      h("dt", {}, "Attributes"), h("dd", {}, t.attributes.map((a) => badge(`${a.type.name}: ${a.value.name}`, "attr"))),
      h("dt", {}, "Tags"), h("dd", {}, t.tags.map((tag) => badge(tag.name)))),
    h("h2", {}, "Related"),
    t.related.length
      ? h("ul", { id: "related" }, t.related.map((r) => h("li", {}, link(r.technique), h("span", { className: "muted" }, ` (${r.type})`))))
      : h("p", { className: "muted" }, "No related techniques recorded."),
    h("h2", {}, "Within two hops"),
    h("ul", { id: "related-techniques" }, related.relatedTechniques.map((r) => h("li", {}, link(r))))));
}

// ---- routing ----

async function route() {
  const path = location.hash.replace(/^#/, "") || "/";
  const [, page, slug, action] = path.split("/");
  try {
    if (page === "t" && slug && action === "edit") await editPage(view, decodeURIComponent(slug));
    else if (page === "t" && slug && action === "history") await historyPage(view, decodeURIComponent(slug));
    else if (page === "t" && slug) await detailPage(decodeURIComponent(slug));
    else if (page === "new") await editPage(view, null);
    else await listPage();
  } catch (error) {
    showError(error);
  }
}

const tokenInput = document.getElementById("token");
tokenInput.value = getToken();
tokenInput.addEventListener("change", () => setToken(tokenInput.value.trim()));
document.getElementById("search").addEventListener("submit", (event) => {
  event.preventDefault();
  phrase = document.getElementById("search-phrase").value.trim();
  if (location.hash && location.hash !== "#/") location.hash = "#/";
  else route();
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
