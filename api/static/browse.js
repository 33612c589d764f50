// The browsing views: the list and search results with their filter sidebar, a technique's
// page, and techniques side by side. Their state comes from the URL (./state.js); every
// change is a new URL, so back/forward and reload restore it.
//
// Requests: the list sends ListPage (or SearchPage when there is a phrase) and SearchFacets
// with the same `where` (facet selections: OR within a group, AND across groups; each
// group's counts as if its own selection were not made). Each navigation takes a ticket;
// an answer arriving after a newer navigation is dropped, never drawn.

import * as ops from "./operations.js";
import * as bops from "./browse-operations.js";
import { request } from "./graphql.js";
import { badge, h, marked } from "./dom.js";
import * as S from "./state.js";

const PAGE_SIZE = 20;
const SHOWN_PER_FACET = 8;
const SITE = "Assurance techniques";
const GROUP_LABELS = { goals: "Goal", categories: "Category", tags: "Tag", modelDependencies: "Model dependency" };

let generation = 0;
let shell = null; // the list view's DOM, kept while the list is shown so scroll and focus stay
const expanded = new Set();
const facetQueries = new Map();

// A ticket for the navigation starting now; `isCurrent(ticket)` is false once another began.
export function begin() {
  generation += 1;
  return generation;
}

const isCurrent = (ticket) => ticket === generation;

export function go(state) {
  location.hash = S.format(state);
}

export function setTitle(...parts) {
  document.title = [...parts, SITE].join(" · ");
}

function describe(error) {
  const message = String(error?.message || error);
  return error instanceof TypeError ? `the catalog's API did not answer (${message})` : message;
}

// An error banner above what is already shown, with a retry that repeats the request.
function banner(message, retry) {
  return h("div", { className: "banner error", role: "alert" },
    h("span", {}, `Could not load: ${message}. `),
    h("button", { type: "button", className: "retry", onclick: retry }, "Retry"));
}

// ---- the list ----

function buildShell(view) {
  const s = {
    banner: h("div", { id: "banner" }),
    chips: h("div", { id: "chips" }),
    summary: h("p", { className: "summary", id: "summary", "aria-live": "polite" }),
    sort: h("select", { id: "sort", "aria-label": "Sort" },
      h("option", { value: "name-asc" }, "Name A–Z"), h("option", { value: "name-desc" }, "Name Z–A")),
    results: h("ul", { className: "cards", id: "results", tabIndex: -1, "aria-label": "Techniques" }),
    pager: h("nav", { id: "pager", "aria-label": "Pages" }),
    tray: h("div", { id: "compare-tray" }),
    facets: h("div", { id: "facet-groups" }),
    toggle: h("button", { type: "button", id: "filters-toggle", "aria-controls": "filters", "aria-expanded": "false" }, "Filters"),
  };
  s.aside = h("aside", { className: "facets", id: "filters", "aria-label": "Filters" },
    h("div", { className: "drawer-head" }, h("h2", {}, "Filters"),
      h("button", { type: "button", className: "close-drawer", onclick: () => drawer(false) }, "Done")),
    s.facets);
  s.toggle.addEventListener("click", () => drawer(!s.aside.classList.contains("open")));
  s.sort.addEventListener("change", () => go({ ...s.state, sort: s.sort.value, page: 1 }));
  s.root = h("div", { className: "layout" }, s.aside,
    h("section", { className: "main-column" },
      h("div", { className: "toolbar" }, s.toggle, s.summary, h("label", { className: "sort" }, "Sort ", s.sort)),
      s.banner, s.chips, s.tray, s.results, s.pager));
  view.replaceChildren(s.root);
  return s;
}

function drawer(open) {
  if (!shell) return;
  shell.aside.classList.toggle("open", open);
  shell.toggle.setAttribute("aria-expanded", String(open));
  if (open) shell.aside.querySelector("button, input")?.focus();
  else shell.toggle.focus();
}

export async function listView(state, view) {
  const ticket = begin();
  if (!shell || !view.contains(shell.root)) shell = buildShell(view);
  const s = shell;
  const previous = s.state;
  s.state = state;
  document.getElementById("search-phrase").value = state.q;
  setTitle(state.q ? `Search “${state.q}”` : "All techniques", ...(state.page > 1 ? [`page ${state.page}`] : []));
  s.root.setAttribute("aria-busy", "true");
  s.root.classList.add("loading");
  const where = S.whereOf(state.filters);
  const offset = (state.page - 1) * PAGE_SIZE;
  let facets;
  let rows;
  let total;
  try {
    const [f, list] = await Promise.all([
      request(bops.SearchFacets, { where, phrase: state.q || null }),
      state.q
        ? request(bops.SearchPage, { phrase: state.q, where, limit: PAGE_SIZE, offset })
        : request(bops.ListPage, { where, sort: S.SORTS[state.sort], limit: PAGE_SIZE, offset }),
    ]);
    if (!isCurrent(ticket)) return;
    facets = f.techniqueFacets;
    if (state.q) {
      total = list.techniqueSearch.totalCount;
      rows = list.techniqueSearch.hits.map((hit) => ({ ...hit.technique, nameParts: hit.highlightedName.parts, snippetParts: hit.snippet.parts }));
    } else {
      total = facets.total;
      rows = list.techniques;
    }
  } catch (error) {
    if (!isCurrent(ticket)) return;
    s.root.removeAttribute("aria-busy");
    s.root.classList.remove("loading");
    s.banner.replaceChildren(banner(describe(error), () => listView(S.parse(location.hash), view)));
    return;
  }
  s.banner.replaceChildren();
  s.root.removeAttribute("aria-busy");
  s.root.classList.remove("loading");
  drawFacets(s, state, facets);
  drawChips(s, state);
  drawTray(s, state);
  s.sort.value = state.sort;
  s.sort.closest("label").hidden = Boolean(state.q);
  s.toggle.textContent = `Filters${S.activeCount(state.filters) ? ` (${S.activeCount(state.filters)})` : ""}`;
  s.summary.replaceChildren(...(state.q
    ? [h("strong", { id: "total" }, String(total)), ` results for “${state.q}”`]
    : [h("strong", { id: "total" }, String(total)), S.activeCount(state.filters) ? " techniques match the filters" : " techniques"]));
  s.results.replaceChildren(...(rows.length ? rows.map((t) => card(t, state)) : [h("li", { className: "empty" }, "Nothing matches. Remove a filter or change the search.")]));
  drawPager(s, state, total);
  // A new page starts at its top; a tick or a search keeps the reader where they were.
  if (previous && previous.page !== state.page) s.results.scrollIntoView({ block: "start" });
}

function drawFacets(s, state, f) {
  const focused = document.activeElement?.dataset?.key;
  const scroll = s.aside.scrollTop;
  const groups = [
    ["Goals", "goals", f.goals.map((o) => [o.name, o.name, o.count])],
    ["Categories", "categories", f.categories.map((o) => [o.name, o.name, o.count])],
    ["Model dependency", "modelDependencies", f.modelDependencies.map((o) => [o.name, o.name, o.count])],
    ...f.attributes.map((a) => [a.type, "attributes", a.values.map((v) => [S.attributeValue(a.type, v.name), v.name, v.count])]),
    ["Tags", "tags", f.tags.map((o) => [o.name, o.name, o.count])],
  ];
  // A ticked option the current answer does not list (no match left) stays, at 0, to untick.
  for (const [title, group, options] of groups) {
    for (const value of state.filters[group]) {
      const belongs = group !== "attributes" || S.splitAttribute(value)[0] === title;
      if (belongs && !options.some(([v]) => v === value)) {
        options.push([value, group === "attributes" ? S.splitAttribute(value)[1] : value, 0]);
      }
    }
  }
  s.facets.replaceChildren(...groups.filter(([, , options]) => options.length)
    .map(([title, group, options]) => facetGroup(state, title, group, options)));
  s.aside.scrollTop = scroll;
  if (focused) s.facets.querySelector(`[data-key="${CSS.escape(focused)}"]`)?.focus();
}

function facetGroup(state, title, group, options) {
  const key = `${group}:${title}`;
  const selected = new Set(state.filters[group]);
  const ordered = [...options.filter(([v]) => selected.has(v)), ...options.filter(([v]) => !selected.has(v))];
  const query = (facetQueries.get(key) || "").toLowerCase();
  const matching = query ? ordered.filter(([, label]) => label.toLowerCase().includes(query)) : ordered;
  const shown = expanded.has(key) || query ? matching : matching.slice(0, SHOWN_PER_FACET);
  const id = `facet-${title.replace(/\W+/g, "-").toLowerCase()}`;
  const option = ([value, label, count]) => h("label", {},
    h("input", {
      type: "checkbox", checked: selected.has(value), value, dataset: { key: `${group}::${value}` },
      onchange: (event) => go(S.withFilter(state, group, value, event.target.checked)),
    }),
    h("span", { className: "name" }, label), h("span", { className: "count" }, String(count)));
  const list = h("div", { className: "options" });
  if (group === "tags") {
    // Tags are `family/name`: grouped under their family, shown by name.
    const families = new Map();
    for (const entry of shown) {
      const [family, ...rest] = entry[0].split("/");
      const name = rest.length ? rest.join("/") : family;
      if (!families.has(family)) families.set(family, []);
      families.get(family).push([entry[0], name, entry[2]]);
    }
    for (const [family, entries] of families) {
      list.append(h("div", { className: "family", role: "group", "aria-label": `Tags: ${family}` },
        h("h4", {}, family), entries.map(option)));
    }
  } else {
    list.append(...shown.map(option));
  }
  return h("div", { className: "facet", dataset: { facet: title }, role: "group", "aria-labelledby": id },
    h("h3", { id }, title),
    ordered.length > SHOWN_PER_FACET
      ? h("input", {
        type: "search", className: "facet-filter", placeholder: `Find in ${title.toLowerCase()}…`,
        "aria-label": `Find in ${title}`, value: facetQueries.get(key) || "", dataset: { key: `find::${key}` },
        oninput: (event) => { facetQueries.set(key, event.target.value); redrawGroup(event.target, state, title, group, options); },
      })
      : null,
    list,
    !query && ordered.length > shown.length
      ? h("button", { className: "more", type: "button", onclick: (event) => { expanded.add(key); redrawGroup(event.target, state, title, group, options); } },
        `Show all ${ordered.length}`)
      : null);
}

function redrawGroup(from, state, title, group, options) {
  const old = from.closest(".facet");
  const fresh = facetGroup(state, title, group, options);
  old.replaceWith(fresh);
  const find = fresh.querySelector(".facet-filter");
  if (find && from.classList.contains("facet-filter")) {
    find.focus();
    find.setSelectionRange(find.value.length, find.value.length);
  } else {
    fresh.querySelector(".options input")?.focus();
  }
}

function drawChips(s, state) {
  const chips = [];
  for (const [group, label] of Object.entries(GROUP_LABELS)) {
    for (const value of state.filters[group]) chips.push([group, value, `${label}: ${value}`]);
  }
  for (const pair of state.filters.attributes) {
    const [type, value] = S.splitAttribute(pair);
    chips.push(["attributes", pair, `${type}: ${value}`]);
  }
  if (state.q) chips.unshift(["q", state.q, `Search: ${state.q}`]);
  s.chips.replaceChildren(...(chips.length ? [h("ul", { className: "chips", "aria-label": "Active filters" },
    chips.map(([group, value, text]) => h("li", {}, h("button", {
      type: "button", className: "chip", "aria-label": `Remove ${text}`,
      onclick: () => go(group === "q" ? { ...state, q: "", page: 1 } : S.withFilter(state, group, value, false)),
    }, text, h("span", { "aria-hidden": "true" }, " ×")))),
    h("li", {}, h("button", { type: "button", className: "chip clear", onclick: () => go({ ...state, q: "", filters: S.emptyFilters(), page: 1 }) }, "Clear all")))] : []));
}

function drawTray(s, state) {
  if (!state.compare.length) return s.tray.replaceChildren();
  const ready = state.compare.length >= 2;
  s.tray.replaceChildren(h("p", { className: "tray" },
    `Comparing ${state.compare.length} of up to ${S.MAX_COMPARE}: ${state.compare.join(", ")} `,
    ready ? h("a", { href: S.format({ view: "compare", slugs: state.compare }), id: "compare-link" }, "Compare side by side") : h("span", { className: "muted" }, "(pick at least 2)"),
    " ", h("button", { type: "button", onclick: () => go({ ...state, compare: [] }) }, "Clear")));
}

function drawPager(s, state, total) {
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  if (pages === 1) return s.pager.replaceChildren();
  const link = (page, text, rel) => (page >= 1 && page <= pages
    ? h("a", { href: S.format({ ...state, page }), rel }, text)
    : h("span", { className: "muted", "aria-disabled": "true" }, text));
  s.pager.replaceChildren(link(state.page - 1, "← Previous", "prev"),
    h("span", { id: "page-status" }, ` Page ${state.page} of ${pages} `), link(state.page + 1, "Next →", "next"));
}

// One card for the list and for search hits: name, goals, attributes, a snippet.
function card(t, state) {
  const picked = state.compare.includes(t.slug);
  const full = state.compare.length >= S.MAX_COMPARE && !picked;
  const snippet = t.snippetParts ? marked(t.snippetParts) : cut(t.description || "", 200);
  return h("li", { className: "card", dataset: { slug: t.slug } },
    h("h2", {}, h("a", { href: S.format({ view: "detail", slug: t.slug }) }, t.nameParts ? marked(t.nameParts) : t.name)),
    h("div", { className: "badges" }, (t.goals || []).map((g) => badge(g.name, "goal")), t.modelDependency ? badge(t.modelDependency) : null,
      (t.attributes || []).map((a) => badge(`${a.type.name}: ${a.value.name}`, "attr"))),
    h("p", { className: "snippet" }, snippet),
    h("label", { className: "pick" }, h("input", {
      type: "checkbox", checked: picked, disabled: full,
      onchange: (event) => go({ ...state, compare: event.target.checked ? [...state.compare, t.slug] : state.compare.filter((x) => x !== t.slug) }),
    }), " Compare"));
}

function cut(text, length) {
  if (text.length <= length) return text;
  const space = text.lastIndexOf(" ", length);
  return `${text.slice(0, space > length / 2 ? space : length)}…`;
}

// ---- a technique ----

const listLink = (param, value, text = value) => h("a", { href: `#/?${new URLSearchParams({ [param]: value })}` }, text);

export async function detailView(slug, view) {
  const ticket = begin();
  shell = null;
  let detail;
  let related;
  try {
    [detail, related] = await Promise.all([
      request(ops.TechniqueDetail, { slug }),
      request(ops.Related, { slug, maxHops: 2 }).catch(() => ({ relatedTechniques: [] })),
    ]);
  } catch (error) {
    if (!isCurrent(ticket)) return;
    setTitle("Error");
    view.replaceChildren(banner(describe(error), () => detailView(slug, view)));
    return;
  }
  if (!isCurrent(ticket)) return;
  const t = detail.technique;
  if (!t) {
    setTitle("Not found");
    view.replaceChildren(h("p", { className: "error", role: "alert" }, `No technique has the slug “${slug}”.`));
    return;
  }
  setTitle(t.name);
  const link = (r) => h("a", { href: S.format({ view: "detail", slug: r.slug }) }, r.name);
  const none = "—";
  view.replaceChildren(h("article", { className: "detail" },
    h("p", {}, h("a", { href: "#/" }, "← all techniques"), " · ", h("a", { href: `#/t/${encodeURIComponent(slug)}/edit`, id: "edit-link" }, "Edit"),
      " · ", h("a", { href: `#/t/${encodeURIComponent(slug)}/history`, id: "history-link" }, "History"),
      " · ", h("a", { href: S.format({ ...S.parse("#/"), compare: [slug] }), id: "compare-with" }, "Compare with others")),
    h("h1", {}, t.name),
    h("p", {}, t.description || ""),
    h("dl", {},
      h("dt", {}, "Goals"), h("dd", {}, t.goals.map((g) => [listLink("goal", g.name), " "]), h("span", { className: "muted" }, ` primary: ${t.primaryGoal?.name ?? none}`)),
      h("dt", {}, "Categories"), h("dd", {}, t.categories.length ? t.categories.map((c, i) => [i ? ", " : "", listLink("category", c.name)]) : none),
      h("dt", {}, "Subcategories"), h("dd", {}, t.subCategories.map((c) => c.name).join(", ") || none),
      h("dt", {}, "Model dependency"), h("dd", {}, t.modelDependency ? listLink("dep", t.modelDependency) : none),
      h("dt", {}, "Example use case"), h("dd", {}, t.exampleUseCase || none),
      h("dt", {}, "Attributes"), h("dd", {}, t.attributes.length ? t.attributes.map((a, i) => [i ? ", " : "", listLink("attr", S.attributeValue(a.type.name, a.value.name), `${a.type.name}: ${a.value.name}`)]) : none),
      h("dt", {}, "Tags"), h("dd", {}, t.tags.length ? t.tags.map((tag, i) => [i ? ", " : "", listLink("tag", tag.name)]) : none)),
    h("h2", {}, "Related"),
    t.related.length
      ? h("ul", { id: "related" }, t.related.map((r) => h("li", {}, link(r.technique), h("span", { className: "muted" }, ` (${r.type})`))))
      : h("p", { className: "muted" }, "No related techniques recorded."),
    h("h2", {}, "Within two hops"),
    h("ul", { id: "related-techniques" }, related.relatedTechniques.map((r) => h("li", {}, link(r))))));
}

// ---- side by side ----

export async function compareView(slugs, view) {
  const ticket = begin();
  shell = null;
  setTitle("Compare");
  const back = h("p", {}, h("a", { href: S.format({ ...S.parse("#/"), compare: slugs }) }, "← back to the list"));
  if (slugs.length < 2) {
    view.replaceChildren(h("article", { className: "compare" }, back, h("h1", {}, "Compare techniques"),
      h("p", {}, `Pick 2 to ${S.MAX_COMPARE} techniques with their “Compare” boxes in the list.`)));
    return;
  }
  let answer;
  try {
    answer = await request(bops.CompareSideBySide, { slugs });
  } catch (error) {
    if (!isCurrent(ticket)) return;
    view.replaceChildren(back, banner(describe(error), () => compareView(slugs, view)));
    return;
  }
  if (!isCurrent(ticket)) return;
  const c = answer.compareTechniques;
  setTitle(`Compare ${c.techniques.map((t) => t.name).join(", ")}`);
  const sharedGoals = new Set(c.sharedGoals.map((g) => g.name));
  const sharedTags = new Set(c.sharedTags.map((g) => g.name));
  const sharedAttrs = new Set(c.sharedAttributes.map((a) => `${a.type.name}: ${a.value.name}`));
  const items = (values, shared) => h("ul", { className: "plain" }, values.map((v) => h("li", { className: shared.has(v) ? "shared" : "" }, v, shared.has(v) ? h("span", { className: "visually-hidden" }, " (shared by all)") : null)));
  const rows = [
    ["Goals", (t) => items(t.goals.map((g) => g.name), sharedGoals)],
    ["Primary goal", (t) => t.primaryGoal?.name || "—"],
    ["Categories", (t) => t.categories.map((x) => x.name).join(", ") || "—"],
    ["Model dependency", (t) => t.modelDependency || "—"],
    ["Attributes", (t) => items(t.attributes.map((a) => `${a.type.name}: ${a.value.name}`), sharedAttrs)],
    ["Tags", (t) => items(t.tags.map((x) => x.name), sharedTags)],
    ["Description", (t) => cut(t.description || "", 400)],
  ];
  view.replaceChildren(h("article", { className: "compare" }, back,
    h("h1", {}, "Compare techniques"),
    h("p", { className: "muted" }, "Highlighted: shared by all of them."),
    h("div", { className: "table-scroll" }, h("table", { id: "compare-table" },
      h("thead", {}, h("tr", {}, h("th", { scope: "col" }, h("span", { className: "visually-hidden" }, "Field")),
        c.techniques.map((t) => h("th", { scope: "col" }, h("a", { href: S.format({ view: "detail", slug: t.slug }) }, t.name))))),
      h("tbody", {}, rows.map(([label, cell]) => h("tr", {}, h("th", { scope: "row" }, label), c.techniques.map((t) => h("td", {}, cell(t))))))))));
}
