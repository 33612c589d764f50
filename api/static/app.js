// The reference client of the catalog's GraphQL API. Browsing (list, search, facets, a
// technique's page, compare) is in ./browse.js with its state in the URL (./state.js); the
// editor is here. Contract operations are in ./operations.js, the rest in ./browse-operations.js.
//
//   #/?q=…&goal=…&page=…   list, search and filters (browse.js)
//   #/t/<slug>             a technique (browse.js)
//   #/compare?slugs=a,b    side by side (browse.js)
//   #/t/<slug>/edit        edit form drawn from AttributeSchema(goals) (Taxonomy, UpdateTechnique)
//   #/new                  the same form, empty (CreateTechnique)

import * as ops from "./operations.js";
import { getToken, request, setToken } from "./graphql.js";
import { h } from "./dom.js";
import { begin, compareView, detailView, go, listView, setTitle } from "./browse.js";
import { parse } from "./state.js";

const view = document.getElementById("view");

function show(...nodes) {
  view.replaceChildren(...nodes);
}

function showError(error) {
  show(h("p", { className: "error", role: "alert" }, String(error.message || error)));
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
  const state = parse(location.hash);
  try {
    if (state.view === "edit" || state.view === "new") {
      begin(); // answers still coming for a list or detail are not drawn over the form
      setTitle(state.view === "new" ? "New technique" : `Edit ${state.slug}`);
      await editPage(state.view === "new" ? null : state.slug);
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
  const target = document.getElementById("results") || view;
  target.focus();
});
window.addEventListener("hashchange", route);
route();
