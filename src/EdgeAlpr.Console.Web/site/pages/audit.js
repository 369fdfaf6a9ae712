// The auditor's page: the trail filtered by action, actor and time; the chain's verification and its checkpoints.
import * as api from "../api.js";
import { el, facts, field, when } from "../dom.js";

export const id = "audit";
export const title = "Audit trail";
export const permission = "read_audit";

export async function render(container) {
  const form = el(
    "form",
    { id: "audit-filters", class: "filters", "data-testid": "audit-filters" },
    field("audit-action", "Action (prefix*)", el("input", { id: "audit-action", name: "action", "data-testid": "audit-action", placeholder: "sign_in*" })),
    field("audit-actor", "Actor", el("input", { id: "audit-actor", name: "actor", "data-testid": "audit-actor" })),
    field("audit-from", "From", el("input", { id: "audit-from", name: "from", type: "datetime-local", "data-testid": "audit-from" })),
    field("audit-to", "To", el("input", { id: "audit-to", name: "to", type: "datetime-local", "data-testid": "audit-to" })),
    el("div", {}, el("button", { type: "submit", id: "audit-apply", "data-testid": "audit-apply", text: "Show" })),
  );
  const message = el("p", { id: "audit-message", role: "status", "data-testid": "audit-message" });
  const table = el("table", { id: "audit-table", "data-testid": "audit-table" });
  const verifyButton = el("button", { type: "button", id: "audit-verify", "data-testid": "audit-verify", text: "Verify the chain" });
  const verifyResult = el("div", { id: "audit-verify-result", "data-testid": "audit-verify-result", "aria-live": "polite" });
  container.append(form, message, table, el("div", { class: "panel" }, el("h3", { text: "Chain" }), verifyButton, verifyResult));

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    load(form, message, table);
  });
  verifyButton.addEventListener("click", () => verify(verifyButton, verifyResult));
  await load(form, message, table);
}

function isoOf(local) {
  return local ? new Date(local).toISOString() : "";
}

// Each load is numbered: the page's first, unfiltered load can answer after the auditor has already asked for a
// filter, and an older answer must never replace a newer one on screen.
let latestLoad = 0;

async function load(form, message, table) {
  const data = new FormData(form);
  const number = ++latestLoad;
  message.className = "";
  message.textContent = "Loading…";
  try {
    const events = await api.get("/api/audit", {
      action: data.get("action"),
      actor: data.get("actor"),
      from: isoOf(data.get("from")),
      to: isoOf(data.get("to")),
      limit: 500,
    });
    if (number !== latestLoad) return;
    message.textContent = `${events.length} event(s)`;
    table.replaceChildren(
      el("thead", {}, el("tr", {}, ["Seq", "At", "Action", "Actor", "Subject", "Details"].map((h) => el("th", { scope: "col", text: h })))),
      el(
        "tbody",
        {},
        events.map((e) =>
          el(
            "tr",
            { "data-testid": "audit-row", "data-seq": e.seq },
            el("td", { text: e.seq }),
            el("td", { text: when(e.at) }),
            el("td", { "data-testid": "audit-row-action", text: e.action }),
            el("td", { "data-testid": "audit-row-actor", text: e.actor }),
            el("td", { text: e.subject || "" }),
            el("td", { class: "details", text: JSON.stringify(e.details) }),
          ),
        ),
      ),
    );
  } catch (error) {
    if (number !== latestLoad) return;
    message.className = "error";
    message.textContent = [error.message, ...error.problems].join(" — ");
  }
}

async function verify(button, result) {
  button.disabled = true;
  result.replaceChildren(el("p", { text: "Verifying…" }));
  try {
    const v = await api.get("/api/audit/verify");
    result.replaceChildren(
      el("p", { class: v.ok ? "ok" : "error", "data-testid": "audit-verify-status", text: v.ok ? "The chain is intact." : "The chain is BROKEN." }),
      facts("audit-verify-facts", [
        ["Events", v.events],
        ["Sequence", `${v.first_seq} – ${v.last_seq}`],
        ["Head hash", v.head_hash],
        ["Purged through", v.purged_through],
        ["First break", v.first_break ? `#${v.first_break.seq}: ${v.first_break.problem}` : null],
      ]),
      el("h4", { text: `Checkpoints (${v.checkpoints.length})` }),
      el(
        "ul",
        { "data-testid": "audit-checkpoints" },
        v.checkpoints.map((c) => el("li", { text: `#${c.seq} at ${when(c.at)} — ${JSON.stringify(c.details)}` })),
      ),
    );
  } catch (error) {
    result.replaceChildren(el("p", { class: "error", role: "alert", text: error.message }));
  } finally {
    button.disabled = false;
  }
}
