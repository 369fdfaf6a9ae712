// Small DOM helpers: elements built with textContent only, so nothing from the API is ever parsed as HTML.
export function el(tag, attributes, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key === "text") node.textContent = value;
    else node.setAttribute(key, value === true ? "" : String(value));
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

export function field(id, label, input) {
  return el("div", {}, el("label", { for: id, text: label }), input);
}

export function facts(testid, pairs) {
  const list = el("dl", { class: "facts", "data-testid": testid });
  for (const [name, value] of pairs) {
    list.append(el("dt", { text: name }), el("dd", { text: value === undefined || value === null ? "—" : String(value) }));
  }
  return list;
}

export function when(iso) {
  return iso ? new Date(iso).toLocaleString() : "—";
}
