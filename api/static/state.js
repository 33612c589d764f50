// Every view's state lives in the URL's hash, so reload, back/forward, bookmarks and shared
// links show exactly the same view. Pure functions: URL <-> state <-> the API's `where`.
//
//   #/?q=fair&goal=Fairness&goal=Privacy&attr=Scope%3DLocal&sort=name-desc&page=2&compare=a,b
//   #/t/<slug>                 a technique
//   #/compare?slugs=a,b,c      techniques side by side (2 to 5)
//   #/t/<slug>/edit, /history, #/new   the editor (editor.js)

// URL parameter -> facet group of `where.facets`. Attribute values are "Type=Value".
export const PARAMS = { goal: "goals", category: "categories", tag: "tags", dep: "modelDependencies", attr: "attributes" };
export const SORTS = { "name-asc": [{ name: "ASC" }], "name-desc": [{ name: "DESC" }] };
export const DEFAULT_SORT = "name-asc";
export const MAX_COMPARE = 5;

export function emptyFilters() {
  return { goals: [], categories: [], tags: [], modelDependencies: [], attributes: [] };
}

export function parse(hash) {
  const raw = (hash || "").replace(/^#/, "") || "/";
  const [path, query = ""] = raw.split("?");
  const params = new URLSearchParams(query);
  const parts = path.split("/").filter(Boolean).map(decodeURIComponent);
  if (parts[0] === "t" && parts[1] && parts[2] === "edit") return { view: "edit", slug: parts[1] };
  if (parts[0] === "t" && parts[1] && parts[2] === "history") return { view: "history", slug: parts[1] };
  if (parts[0] === "t" && parts[1]) return { view: "detail", slug: parts[1] };
  if (parts[0] === "new") return { view: "new" };
  if (parts[0] === "compare") return { view: "compare", slugs: list(params.get("slugs")).slice(0, MAX_COMPARE) };
  const filters = emptyFilters();
  for (const [param, group] of Object.entries(PARAMS)) {
    for (const value of params.getAll(param)) if (value && !filters[group].includes(value)) filters[group].push(value);
  }
  const sort = SORTS[params.get("sort")] ? params.get("sort") : DEFAULT_SORT;
  const page = Math.max(1, Number.parseInt(params.get("page") || "1", 10) || 1);
  return { view: "list", q: (params.get("q") || "").trim(), filters, sort, page, compare: list(params.get("compare")).slice(0, MAX_COMPARE) };
}

function list(value) {
  return (value || "").split(",").map((s) => s.trim()).filter(Boolean);
}

export function format(state) {
  if (state.view === "detail") return `#/t/${encodeURIComponent(state.slug)}`;
  if (state.view === "edit") return `#/t/${encodeURIComponent(state.slug)}/edit`;
  if (state.view === "history") return `#/t/${encodeURIComponent(state.slug)}/history`;
  if (state.view === "new") return "#/new";
  if (state.view === "compare") return `#/compare?${new URLSearchParams({ slugs: state.slugs.join(",") })}`;
  const params = new URLSearchParams();
  if (state.q) params.append("q", state.q);
  for (const [param, group] of Object.entries(PARAMS)) for (const value of state.filters?.[group] || []) params.append(param, value);
  if (state.sort && state.sort !== DEFAULT_SORT) params.append("sort", state.sort);
  if (state.page > 1) params.append("page", String(state.page));
  if (state.compare?.length) params.append("compare", state.compare.join(","));
  const query = params.toString();
  return query ? `#/?${query}` : "#/";
}

// A list state with one change; any change of what is listed goes back to page 1.
export function withFilter(state, group, value, on) {
  const filters = { ...emptyFilters(), ...state.filters };
  const current = filters[group].filter((v) => v !== value);
  filters[group] = on ? [...current, value] : current;
  return { ...state, filters, page: 1 };
}

export function attributeValue(type, value) {
  return `${type}=${value}`;
}

export function splitAttribute(pair) {
  const at = pair.indexOf("=");
  return at < 0 ? [pair, ""] : [pair.slice(0, at), pair.slice(at + 1)];
}

// The API's `where`: facet selections, OR within a group and AND across groups.
export function whereOf(filters) {
  const facets = {};
  for (const group of ["goals", "categories", "tags", "modelDependencies"]) {
    if (filters[group]?.length) facets[group] = [...filters[group]];
  }
  const byType = new Map();
  for (const pair of filters.attributes || []) {
    const [type, value] = splitAttribute(pair);
    byType.set(type, [...(byType.get(type) || []), value]);
  }
  if (byType.size) facets.attributes = [...byType].map(([type, values]) => ({ type, values }));
  return Object.keys(facets).length ? { facets } : null;
}

export function activeCount(filters) {
  return Object.values(filters).reduce((n, values) => n + values.length, 0);
}
