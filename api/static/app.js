// The reference client of the catalog's GraphQL API: every request it sends is an operation
// of the frontend's contract (./operations.js), so it doubles as the contract's worked example.
//
//   #/                 list + filter sidebar (TechniqueList, Facets), search box (Search)
//                      with cursor pagination ("Show more": `after: endCursor`)
//   #/t/<slug>         detail (TechniqueDetail) and techniques within two hops (Related)
//   #/t/<slug>/edit    edit form drawn from AttributeSchema(goals) (Taxonomy, UpdateTechnique)
//   #/new              the same form, empty (CreateTechnique)

import * as ops from "./operations.js";
import { getToken, request, setToken } from "./graphql.js";

const view = document.getElementById("view");

// Filters of the list page: facet group -> selected names. Attribute values are "Type: Value".
const filters = { goals: new Set(), categories: new Set(), modelDependencies: new Set(), attributes: new Set(), tags: new Set() };
let phrase = "";
const SHOWN_PER_FACET = 12;
const PAGE_SIZE = 30;
const SORT = [{ name: "ASC" }];
const expanded = new Set();

// ---- a tiny DOM builder: text is always set as text, never parsed as HTML ----

function h(tag, props = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith("on")) el.addEventListener(key.slice(2), value);
    else if (key === "dataset") Object.assign(el.dataset, value);
    else if (key in el && key !== "list") el[key] = value;
    else el.setAttribute(key, value === true ? "" : value);
  }
  for (const child of children.flat(Infinity)) {
    if (child !== null && child !== undefined && child !== false) el.append(child);
  }
  return el;
}

const badge = (text, kind = "") => h("span", { className: `badge ${kind}` }, text);

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
    h("p", {}, h("a", { href: "#/" }, "← all techniques"), " · ", h("a", { href: `#/t/${slug}/edit`, id: "edit-link" }, "Edit")),
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

// ---- edit form: the attribute fields come from attributeSchema(goals) alone ----

async function editPage(slug) {
  const [taxonomy, detail] = await Promise.all([
    request(ops.Taxonomy),
    slug ? request(ops.TechniqueDetail, { slug }) : Promise.resolve({ technique: null }),
  ]);
  const t = detail.technique;
  if (slug && !t) return show(h("p", { className: "error" }, `No technique has the slug “${slug}”.`));
  const current = new Map(); // attribute type -> Set of values the technique has
  for (const a of t?.attributes || []) {
    if (!current.has(a.type.name)) current.set(a.type.name, new Set());
    current.get(a.type.name).add(a.value.name);
  }
  const categoryGoals = new Map(); // category -> goals it serves (from the taxonomy)
  for (const goal of taxonomy.goals) {
    for (const c of goal.categories) categoryGoals.set(c.name, [...(categoryGoals.get(c.name) || []), goal.name]);
  }
  const chosenCategories = new Set((t?.categories || []).map((c) => c.name));
  const text = (name, label, value, multiline = false) => h("label", { className: "field" }, label,
    multiline ? h("textarea", { name, rows: 3, value: value || "" }) : h("input", { name, value: value || "" }));

  const primary = h("select", { name: "primaryGoal", required: true },
    h("option", { value: "" }, "— choose —"),
    taxonomy.goals.map((g) => h("option", { value: g.name, selected: t?.primaryGoal?.name === g.name }, g.name)));
  const categories = h("fieldset", { id: "categories" }, h("legend", {}, "Categories"),
    [...categoryGoals.keys()].sort().map((c) => h("label", {},
      h("input", { type: "checkbox", name: "categories", value: c, checked: chosenCategories.has(c) }),
      `${c} `, h("span", { className: "kind" }, `(${categoryGoals.get(c).join(", ")})`))));
  const attributes = h("div", { id: "attribute-fields" });
  const message = h("div", { id: "form-message" });
  const form = h("form", { className: "edit", id: "technique-form" },
    h("p", {}, h("a", { href: slug ? `#/t/${slug}` : "#/" }, "← back")),
    h("h1", {}, slug ? `Edit ${t.name}` : "New technique"),
    getToken() ? null : h("p", { className: "notice" }, "Saving needs a token: type it in the Token box at the top."),
    text("name", "Name", t?.name),
    text("description", "Description", t?.description, true),
    text("modelDependency", "Model dependency", t?.modelDependency),
    text("exampleUseCase", "Example use case", t?.exampleUseCase, true),
    h("label", { className: "field" }, "Primary goal", primary),
    categories,
    text("subCategories", "Subcategories (comma-separated)", (t?.subCategories || []).map((s) => s.name).join(", ")),
    text("tags", "Tags (comma-separated)", (t?.tags || []).map((tag) => tag.name).join(", ")),
    h("h2", {}, "Attributes"),
    attributes,
    message,
    h("button", { className: "primary", type: "submit" }, slug ? "Save" : "Create"));

  const chosenGoals = () => {
    const goals = new Set(primary.value ? [primary.value] : []);
    for (const box of categories.querySelectorAll("input:checked")) for (const g of categoryGoals.get(box.value)) goals.add(g);
    return [...goals];
  };
  // Keep what the user ticked across redraws, by type and value.
  const picked = () => {
    const now = new Map();
    for (const input of attributes.querySelectorAll("input:checked, select")) {
      if (!input.value) continue;
      const type = input.dataset.type;
      if (!now.has(type)) now.set(type, new Set());
      now.get(type).add(input.value);
    }
    return now;
  };
  let drawn = false;
  async function drawAttributes() {
    const before = drawn ? picked() : current;
    drawn = true;
    const goals = chosenGoals();
    const { attributeSchema } = await request(ops.AttributeSchema, { goals });
    const applicable = new Set(attributeSchema.map((type) => type.name));
    const dropped = [...before].filter(([type]) => !applicable.has(type)).flatMap(([type, values]) => [...values].map((v) => `${type}: ${v}`));
    attributes.replaceChildren(...[
      attributeSchema.length ? null : h("p", { className: "muted" }, goals.length ? "No attribute type applies to these goals." : "Choose a goal to see its attributes."),
      ...attributeSchema.map((type) => attributeField(type, before.get(type.name) || new Set())),
      dropped.length ? h("p", { className: "notice" }, `Not applicable to the chosen goals, so removed on save: ${dropped.join(", ")}`) : null,
    ].filter(Boolean));
  }
  primary.addEventListener("change", drawAttributes);
  categories.addEventListener("change", drawAttributes);
  form.addEventListener("submit", (event) => { event.preventDefault(); save(slug, form, picked(), message); });
  show(form);
  await drawAttributes();
}

function attributeField(type, chosen) {
  const scope = type.appliesToAll ? "all goals" : type.applicableGoals.map((g) => g.name).join(", ");
  const fieldset = h("fieldset", { className: "attribute", dataset: { attribute: type.name, multiValued: String(type.multiValued) } },
    h("legend", {}, type.name, " ", h("span", { className: "kind" }, `${type.multiValued ? "any number" : "one"} · ${scope}`)));
  if (type.multiValued) {
    fieldset.append(...type.values.map((v) => h("label", {},
      h("input", { type: "checkbox", value: v.name, checked: chosen.has(v.name), dataset: { type: type.name } }), v.name)));
  } else {
    fieldset.append(h("select", { "aria-label": type.name, dataset: { type: type.name } },
      h("option", { value: "" }, "— none —"),
      type.values.map((v) => h("option", { value: v.name, selected: chosen.has(v.name) }, v.name))));
  }
  return fieldset;
}

async function save(slug, form, picked, message) {
  const data = new FormData(form);
  const list = (name) => String(data.get(name) || "").split(",").map((s) => s.trim()).filter(Boolean);
  const input = {
    name: data.get("name"),
    description: data.get("description"),
    modelDependency: data.get("modelDependency") || null,
    exampleUseCase: data.get("exampleUseCase") || null,
    primaryGoal: data.get("primaryGoal"),
    categories: data.getAll("categories"),
    subCategories: list("subCategories"),
    tags: list("tags"),
    attributes: [...picked].map(([type, values]) => ({ type, values: [...values] })),
  };
  message.replaceChildren(h("p", { className: "muted" }, "Saving…"));
  try {
    const data = slug
      ? (await request(ops.UpdateTechnique, { slug, input }, { auth: true })).updateTechnique
      : (await request(ops.CreateTechnique, { input }, { auth: true })).createTechnique;
    if (data.__typename === "ValidationError") {
      message.replaceChildren(h("p", { className: "error", role: "alert" }, `${data.field}: ${data.message} (${data.rule})`));
      return;
    }
    location.hash = `#/t/${data.slug}`;
  } catch (error) {
    message.replaceChildren(h("p", { className: "error", role: "alert" }, String(error.message)));
  }
}

// ---- routing ----

async function route() {
  const path = location.hash.replace(/^#/, "") || "/";
  const [, page, slug, action] = path.split("/");
  try {
    if (page === "t" && slug && action === "edit") await editPage(decodeURIComponent(slug));
    else if (page === "t" && slug) await detailPage(decodeURIComponent(slug));
    else if (page === "new") await editPage(null);
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
window.addEventListener("hashchange", route);
route();
