// The editor of the reference client: the technique form, its conflict screen and the
// history view with restore. A write sends only the fields the editor changed (so nothing
// the form does not show is dropped), an emptied optional text as "" (which clears it), and
// the version the form was loaded at (so a concurrent save is a conflict, not a loss).
//
//   #/t/<slug>/edit      the form, filled           #/new   the form, blank
//   #/t/<slug>/history   who changed what, when; restore a version

import * as ops from "./operations.js";
import * as edits from "./edit_operations.js";
import { getToken, request } from "./graphql.js";
import { h } from "./dom.js";

// Unsaved changes of the form on screen: leaving asks first (app.js routing, beforeunload).
let dirty = false;
window.addEventListener("beforeunload", (event) => {
  if (dirty) {
    event.preventDefault();
    event.returnValue = "";
  }
});

export function mayLeave() {
  if (!dirty || window.confirm("You have unsaved changes. Leave and lose them?")) {
    dirty = false;
    return true;
  }
  return false;
}

const LISTS = ["categories", "subCategories", "tags"];
const LABELS = {
  name: "Name", description: "Description", modelDependency: "Model dependency", exampleUseCase: "Example use case",
  primaryGoal: "Primary goal", categories: "Categories", subCategories: "Subcategories", tags: "Tags", attributes: "Attributes",
};

// The vocabulary the pickers offer: every tag (paged), subcategory and model dependency.
async function loadVocabulary() {
  const [lists, names] = [await request(edits.Vocabulary), []];
  for (let offset = 0; ; offset += edits.TAG_PAGE) {
    const { tags } = await request(edits.Tags, { offset });
    names.push(...tags.map((t) => t.name));
    if (tags.length < edits.TAG_PAGE) return { ...lists, tagNames: names };
  }
}

function original(t) {
  const attributes = new Map();
  for (const a of t?.attributes || []) {
    if (!attributes.has(a.type.name)) attributes.set(a.type.name, new Set());
    attributes.get(a.type.name).add(a.value.name);
  }
  return {
    name: t?.name || "", description: t?.description || "", modelDependency: t?.modelDependency || "",
    exampleUseCase: t?.exampleUseCase || "", primaryGoal: t?.primaryGoal?.name || "",
    categories: new Set((t?.categories || []).map((c) => c.name)),
    subCategories: new Set((t?.subCategories || []).map((c) => c.name)),
    tags: new Set((t?.tags || []).map((c) => c.name)),
    attributes,
  };
}

const sameSet = (a, b) => a.size === b.size && [...a].every((x) => b.has(x));

function fieldBox(name, ...children) {
  return h("div", { className: "field-box", dataset: { field: name } }, ...children, h("p", { className: "field-error", role: "alert", hidden: true }));
}

function checkList(name, options, chosen, note = () => null) {
  return options.map((option) => h("label", { className: "pick" },
    h("input", { type: "checkbox", name, value: option, checked: chosen.has(option) }), option, note(option)));
}

export async function editPage(view, slug) {
  dirty = false;
  const [taxonomy, vocabulary, detail] = await Promise.all([
    request(ops.Taxonomy),
    loadVocabulary(),
    slug ? request(edits.EditTechnique, { slug }) : Promise.resolve({ technique: null }),
  ]);
  const t = detail.technique;
  if (slug && !t) return view.replaceChildren(h("p", { className: "error" }, `No technique has the slug “${slug}”.`));
  const was = original(t);
  let version = t?.version ?? null;
  const categoryGoals = new Map();
  for (const goal of taxonomy.goals) {
    for (const c of goal.categories) categoryGoals.set(c.name, [...(categoryGoals.get(c.name) || []), goal.name]);
  }
  const subCategoryParents = new Map(vocabulary.subCategories.map((s) => [s.name, s.categories.map((c) => c.name)]));
  const modelDependencies = [...vocabulary.modelDependencies];
  if (was.modelDependency && !modelDependencies.includes(was.modelDependency)) modelDependencies.push(was.modelDependency);

  const text = (name, label, multiline) => fieldBox(name, h("label", { className: "field" }, label,
    multiline ? h("textarea", { name, rows: 3, value: was[name] }) : h("input", { name, value: was[name] })));
  const primary = h("select", { name: "primaryGoal" }, h("option", { value: "" }, "— choose —"),
    taxonomy.goals.map((g) => h("option", { value: g.name, selected: was.primaryGoal === g.name }, g.name)));
  const modelDependency = h("select", { name: "modelDependency" }, h("option", { value: "" }, "— none —"),
    modelDependencies.sort().map((m) => h("option", { value: m, selected: was.modelDependency === m }, m)));
  const categories = h("fieldset", { id: "categories" }, h("legend", {}, "Categories"),
    checkList("categories", [...categoryGoals.keys()].sort(), was.categories, (c) => h("span", { className: "kind" }, ` (${categoryGoals.get(c).join(", ")})`)));
  const subCategories = h("fieldset", { id: "sub-categories" }, h("legend", {}, "Subcategories"),
    h("div", { className: "options" }, checkList("subCategories", [...subCategoryParents.keys()].sort(), was.subCategories,
      (s) => h("span", { className: "kind" }, ` (${subCategoryParents.get(s).join(", ")})`))),
    inlineCreate("new-sub-category", "New subcategory (admin)", async (name) => {
      const chosen = [...categories.querySelectorAll("input:checked")].map((i) => i.value);
      return (await request(edits.CreateSubCategory, { name, categories: chosen }, { auth: true })).createSubCategory;
    }, "subCategories"));
  const tags = h("fieldset", { id: "tags" }, h("legend", {}, "Tags"),
    h("input", { type: "search", className: "filter", placeholder: "Filter tags…", "aria-label": "Filter tags",
      oninput: (event) => { for (const label of tags.querySelectorAll("label.pick")) label.hidden = !label.textContent.includes(event.target.value); } }),
    h("div", { className: "options" }, checkList("tags", vocabulary.tagNames, was.tags)),
    inlineCreate("new-tag", "New tag", async (name) => (await request(edits.CreateTag, { name }, { auth: true })).createTag, "tags"));
  const attributes = h("div", { id: "attribute-fields" });
  const message = h("div", { id: "form-message" });
  const submit = h("button", { className: "primary", type: "submit", id: "save" }, slug ? "Save" : "Create");
  const conflict = h("div", { id: "conflict" });
  const confirmDelete = h("div", { id: "confirm-delete", hidden: true },
    h("p", { className: "notice" }, `Delete “${t?.name}”? It leaves every list; it stays in the history and can be restored from there.`),
    h("button", { type: "button", id: "confirm-delete-yes", className: "danger", onclick: () => remove() }, "Delete"),
    h("button", { type: "button", onclick: () => { confirmDelete.hidden = true; } }, "Cancel"));
  const form = h("form", { className: "edit", id: "technique-form", noValidate: true },
    h("p", {}, h("a", { href: slug ? `#/t/${slug}` : "#/" }, "← back"),
      slug ? [" · ", h("a", { href: `#/t/${slug}/history`, id: "history-link" }, "History")] : null),
    h("h1", {}, slug ? `Edit ${t.name}` : "New technique"),
    getToken() ? null : h("p", { className: "notice" }, "Saving needs a token: type it in the Token box at the top."),
    text("name", "Name", false), text("description", "Description", true),
    fieldBox("modelDependency", h("label", { className: "field" }, "Model dependency", modelDependency),
      inlineCreate("new-model-dependency", "New model dependency (admin)", async (name) =>
        (await request(edits.CreateModelDependency, { name }, { auth: true })).createModelDependency, "modelDependency")),
    text("exampleUseCase", "Example use case", true),
    fieldBox("primaryGoal", h("label", { className: "field" }, "Primary goal", primary)),
    fieldBox("categories", categories), fieldBox("subCategories", subCategories), fieldBox("tags", tags),
    h("h2", {}, "Attributes"), fieldBox("attributes", attributes),
    conflict, message,
    h("p", { className: "actions" }, submit,
      slug ? h("button", { type: "button", id: "delete", className: "danger", onclick: () => { confirmDelete.hidden = false; } }, "Delete…") : null),
    confirmDelete);

  const checked = (name) => new Set([...form.querySelectorAll(`input[name="${name}"]:checked`)].map((i) => i.value));
  const chosenGoals = () => {
    const goals = new Set(primary.value ? [primary.value] : []);
    for (const c of checked("categories")) for (const g of categoryGoals.get(c) || []) goals.add(g);
    return [...goals];
  };
  // Attribute values chosen now, by type: the applicable types' fields and the held values
  // of other types (shown marked, kept unless the editor removes them).
  const picked = () => {
    const now = new Map();
    for (const input of attributes.querySelectorAll("[data-type]")) {
      const type = input.dataset.type;
      if (!now.has(type)) now.set(type, new Set());
      if (input.tagName === "SELECT" ? input.value : input.checked) now.get(type).add(input.value);
    }
    return now;
  };
  let drawn = false;
  async function drawAttributes() {
    const before = drawn ? picked() : was.attributes;
    drawn = true;
    const goals = chosenGoals();
    const { attributeSchema } = await request(ops.AttributeSchema, { goals });
    const applicable = new Set(attributeSchema.map((type) => type.name));
    const outside = [...before].filter(([type, values]) => !applicable.has(type) && (values.size || was.attributes.has(type)));
    attributes.replaceChildren(...[
      attributeSchema.length ? null : h("p", { className: "muted" }, goals.length ? "No attribute type applies to these goals." : "Choose a goal to see its attributes."),
      ...attributeSchema.map((type) => attributeField(type, before.get(type.name) || new Set())),
      outside.length ? h("fieldset", { className: "attribute out-of-scope", id: "out-of-scope" },
        h("legend", {}, "Not applicable to the chosen goals ", h("span", { className: "kind" }, "(kept until you remove them)")),
        outside.map(([type, values]) => (values.size ? [...values] : [...(was.attributes.get(type) || [])]).map((value) => h("label", { className: "held" },
          h("input", { type: "checkbox", value, checked: values.has(value), dataset: { type } }), `${type}: ${value}`,
          h("span", { className: "badge warn" }, "out of scope"))))) : null,
    ].filter(Boolean));
  }

  // What the editor changed: only those fields are sent (on create, everything filled in).
  function changes() {
    const input = {};
    const data = new FormData(form);
    for (const name of ["name", "description", "exampleUseCase", "modelDependency", "primaryGoal"]) {
      const value = String(data.get(name) ?? "");
      if (slug ? value !== was[name] : value.trim()) input[name] = value;
    }
    for (const name of LISTS) {
      const now = checked(name);
      if (slug ? !sameSet(now, was[name]) : now.size) input[name] = [...now];
    }
    const now = picked();
    const types = new Set([...now.keys(), ...was.attributes.keys()]);
    const attrs = [...types].filter((type) => !sameSet(now.get(type) || new Set(), was.attributes.get(type) || new Set()))
      .map((type) => ({ type, values: [...(now.get(type) || [])] }));
    if (attrs.length) input.attributes = attrs;
    return input;
  }

  function showProblems(refusal, sent) {
    for (const slot of form.querySelectorAll(".field-error")) { slot.hidden = true; slot.textContent = ""; }
    for (const problem of refusal.problems) {
      const base = problem.field.split(/[.[]/)[0];
      let box = form.querySelector(`.field-box[data-field="${base}"]`);
      const index = /^attributes\[(\d+)\]/.exec(problem.field);
      const type = index && sent.attributes?.[Number(index[1])]?.type;
      const typeBox = type && form.querySelector(`[data-attribute="${CSS.escape(type)}"]`);
      const slot = typeBox ? typeBox.querySelector(".field-error") : box?.querySelector(":scope > .field-error");
      if (!slot) continue;
      slot.hidden = false;
      slot.append(h("span", { dataset: { rule: problem.rule } }, problem.message, " "));
    }
    message.replaceChildren(h("p", { className: "error", role: "alert" },
      `Not saved: ${refusal.problems.length} problem${refusal.problems.length === 1 ? "" : "s"}, shown at ${[...new Set(refusal.problems.map((p) => LABELS[p.field.split(/[.[]/)[0]] || p.field))].join(", ")}.`));
  }

  async function save(input, expectedVersion) {
    submit.disabled = true;
    submit.textContent = "Saving…";
    message.replaceChildren(h("p", { className: "muted" }, "Saving…"));
    try {
      const result = slug
        ? (await request(edits.UpdateTechnique, { slug, input, expectedVersion }, { auth: true })).updateTechnique
        : (await request(edits.CreateTechnique, { input }, { auth: true })).createTechnique;
      if (result.__typename === "ValidationError") {
        if (result.rule === "version-conflict") showConflict(result, input);
        else showProblems(result, input);
        return;
      }
      dirty = false;
      location.hash = `#/t/${result.slug}`;
    } catch (error) {
      message.replaceChildren(h("p", { className: "error", role: "alert" }, String(error.message)));
    } finally {
      submit.disabled = false;
      submit.textContent = slug ? "Save" : "Create";
    }
  }

  // Someone saved meanwhile: show what they changed; the editor keeps theirs or theirs per
  // field (merge) and saves at the new version, or drops their own edit and reloads.
  function showConflict(refusal, mine) {
    const theirs = new Map(refusal.changes.map((c) => [c.field, c]));
    const both = Object.keys(mine).filter((f) => theirs.has(f));
    message.replaceChildren();
    conflict.replaceChildren(h("section", { className: "notice conflict" },
      h("h2", {}, "Someone else saved this technique meanwhile"),
      h("p", {}, `It is at version ${refusal.currentVersion} now; you started from version ${version}. They changed: ${refusal.changes.map((c) => LABELS[c.field] || c.field).join(", ") || "nothing you see here"}.`),
      both.length ? h("table", { className: "merge" },
        h("tr", {}, h("th", {}, "Field"), h("th", {}, "Theirs"), h("th", {}, "Yours"), h("th", {}, "Keep")),
        both.map((f) => h("tr", { dataset: { field: f } }, h("td", {}, LABELS[f] || f), h("td", {}, shown(theirs.get(f).after)), h("td", {}, shown(mine[f])),
          h("td", {}, h("label", {}, h("input", { type: "radio", name: `keep-${f}`, value: "mine", checked: true }), "mine"),
            h("label", {}, h("input", { type: "radio", name: `keep-${f}`, value: "theirs" }), "theirs"))))) : null,
      h("button", { type: "button", id: "conflict-save", className: "primary", onclick: () => {
        const merged = { ...mine };
        for (const f of both) if (conflict.querySelector(`input[name="keep-${f}"]:checked`).value === "theirs") delete merged[f];
        version = refusal.currentVersion;
        conflict.replaceChildren();
        save(merged, version);
      } }, both.length ? "Save with these choices" : "Save my changes on top of theirs"),
      h("button", { type: "button", id: "conflict-reload", onclick: () => { dirty = false; editPage(view, slug); } }, "Discard mine and reload")));
  }

  async function remove() {
    const result = (await request(edits.DeleteTechnique, { slug, expectedVersion: version }, { auth: true })).deleteTechnique;
    if (result.__typename === "ValidationError") {
      confirmDelete.hidden = true;
      if (result.rule === "version-conflict") showConflict(result, {});
      else message.replaceChildren(h("p", { className: "error", role: "alert" }, result.message));
      return;
    }
    dirty = false;
    location.hash = "#/";
  }

  // Inline creation of a vocabulary entry: made at once (its own role-checked mutation),
  // then offered and ticked in the picker.
  function inlineCreate(id, label, create, listName) {
    const input = h("input", { id, placeholder: label, "aria-label": label });
    const note = h("span", { className: "inline-message" });
    const button = h("button", { type: "button", id: `${id}-add`, onclick: async () => {
      const name = input.value.trim();
      if (!name) return;
      button.disabled = true;
      try {
        const made = await create(name);
        if (made.__typename === "ValidationError") note.replaceChildren(h("span", { className: "error" }, made.message));
        else if (listName === "modelDependency") {
          modelDependency.append(h("option", { value: made.name }, made.name));
          modelDependency.value = made.name;
          note.replaceChildren(h("span", { className: "ok" }, `Created “${made.name}”.`));
          input.value = "";
          dirty = true;
        } else {
          const box = document.getElementById(listName === "tags" ? "tags" : "sub-categories").querySelector(".options");
          box.append(h("label", { className: "pick" }, h("input", { type: "checkbox", name: listName, value: made.name, checked: true }), made.name));
          note.replaceChildren(h("span", { className: "ok" }, `Created “${made.name}”.`));
          input.value = "";
          dirty = true;
        }
      } catch (error) {
        note.replaceChildren(h("span", { className: "error" }, error.message));
      } finally {
        button.disabled = false;
      }
    } }, "Add");
    return h("div", { className: "inline-create" }, input, button, note);
  }

  primary.addEventListener("change", drawAttributes);
  categories.addEventListener("change", drawAttributes);
  form.addEventListener("input", () => { dirty = true; });
  form.addEventListener("change", () => { dirty = true; });
  form.addEventListener("submit", (event) => { event.preventDefault(); save(changes(), version); });
  view.replaceChildren(form);
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
  fieldset.append(h("p", { className: "field-error", role: "alert", hidden: true }));
  return fieldset;
}

function shown(value) {
  if (value === null || value === undefined || value === "") return "—";
  if (Array.isArray(value)) return value.map((v) => (typeof v === "object" ? `${v.type}: ${v.values.join(", ")}` : v)).join("; ") || "—";
  return String(value);
}

// ---- history: who changed what, when; any version restorable (a new write) ----

export async function historyPage(view, slug, notice = null) {
  const { techniqueHistory: history } = await request(edits.History, { slug, limit: 50 }, { auth: true });
  if (!history) return view.replaceChildren(h("p", { className: "error" }, `No technique has the slug “${slug}”.`));
  const status = h("div", { id: "history-message" }, notice ? h("p", { className: "ok", role: "status" }, notice) : null);
  const restore = async (entry) => {
    const result = (await request(edits.RestoreVersion, { slug, version: entry.version, expectedVersion: history.version }, { auth: true })).restoreTechniqueVersion;
    if (result.__typename === "ValidationError") status.replaceChildren(h("p", { className: "error", role: "alert" }, result.message));
    else await historyPage(view, slug, `Restored version ${entry.version} as version ${result.version}.`);
  };
  const undelete = async () => {
    const result = (await request(edits.RestoreTechnique, { slug }, { auth: true })).restoreTechnique;
    if (result.__typename === "ValidationError") status.replaceChildren(h("p", { className: "error", role: "alert" }, result.message));
    else await historyPage(view, slug, "The technique is back.");
  };
  view.replaceChildren(h("article", { className: "detail history" },
    h("p", {}, h("a", { href: `#/t/${slug}` }, "← technique"), history.deleted ? null : [" · ", h("a", { href: `#/t/${slug}/edit` }, "Edit")]),
    h("h1", {}, `History of ${slug}`),
    h("p", { className: "muted" }, `Version ${history.version} · ${history.total} entries, newest first.`),
    status,
    history.deleted ? h("p", { className: "notice" }, "This technique is deleted. ", h("button", { type: "button", id: "undelete", onclick: undelete }, "Restore the technique")) : null,
    h("ol", { id: "history", className: "history" }, history.entries.map((entry) => h("li", { className: "entry", dataset: { version: String(entry.version), action: entry.action } },
      h("p", {}, h("strong", {}, `v${entry.version} · ${entry.action}`), ` by ${entry.by}`, entry.at ? ` at ${entry.at.replace("T", " ")}` : "",
        entry.restoredFrom ? ` (from v${entry.restoredFrom})` : "", entry.source ? ` (legacy ${entry.source})` : ""),
      entry.changes.length ? h("table", { className: "changes" },
        entry.changes.map((c) => h("tr", {}, h("th", {}, LABELS[c.field] || c.field), h("td", { className: "before" }, shown(c.before)), h("td", {}, "→"), h("td", { className: "after" }, shown(c.after))))) : null,
      entry.version !== history.version && !history.deleted && entry.action !== "delete"
        ? h("button", { type: "button", className: "restore", onclick: () => restore(entry) }, `Restore version ${entry.version}`) : null)))));
}
