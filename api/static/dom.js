// A tiny DOM builder shared by the client's modules: text is always set as text, never
// parsed as HTML.

export function h(tag, props = {}, ...children) {
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

export const badge = (text, kind = "") => h("span", { className: `badge ${kind}` }, text);

// Highlighted text from the API (`parts { text highlighted }`) as text nodes and <mark>s.
export function marked(parts) {
  return parts.map((p) => (p.highlighted ? h("mark", {}, p.text) : p.text));
}
