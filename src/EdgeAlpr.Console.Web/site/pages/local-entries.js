// The unit's own hot-list entries. A supervisor sees who entered each, when, until when and why; adds a new wanted
// (matched by the running agent from the next read on, and against the reads it kept: those hits are shown); removes
// one with a reason (a recovered car). Officers see the list only. The use case's refusals are shown in its words.
import * as api from "../api.js";
import { el, field, when } from "../dom.js";

export const id = "local-entries";
export const title = "Local entries";
// Supervisors manage them; officers, who act on their hits, may read them.
export const permission = ["manage_local_entries", "decide_hits"];

export async function render(container) {
  const supervisor = api.signedIn().permissions.includes("manage_local_entries");
  const message = el("p", { id: "local-message", role: "status", "data-testid": "local-message" });
  const list = el("div", { id: "local-list", "data-testid": "local-list" });
  const outcome = el("div", { class: "outcome", "aria-live": "polite", "data-testid": "local-outcome" });
  const section = el("section", { id: "local-page", "data-testid": "local-page" });
  const load = () => show(list, message, outcome, supervisor);
  if (supervisor) section.append(addForm(outcome, load));
  section.append(outcome, message, list);
  container.append(section);
  await load();
}

async function show(list, message, outcome, supervisor) {
  message.className = "";
  message.textContent = "Loading…";
  try {
    const entries = await api.get("/api/hotlist/local");
    message.textContent = `${entries.length} local entr${entries.length === 1 ? "y" : "ies"}`;
    const table = el(
      "table",
      { "data-testid": "local-table" },
      el("thead", {}, el("tr", {}, ["Plate", "State", "Category", "Reason", "Record", "Entered", "Expires", supervisor ? "Remove" : null].filter(Boolean).map((h) => el("th", { scope: "col", text: h })))),
      el("tbody", {}, entries.map((e) => row(e, supervisor, outcome, () => show(list, message, outcome, supervisor)))),
    );
    list.replaceChildren(table);
  } catch (error) {
    message.className = "error";
    message.textContent = [error.message, ...error.problems].join(" — ");
  }
}

function row(e, supervisor, outcome, reload) {
  const cells = [
    e.plate,
    e.state || "—",
    e.category,
    e.reason || "",
    e.record_number || "",
    `${when(e.entered_at)} by ${e.entered_by || "—"}`,
    e.expires ? when(e.expires) : "never",
  ].map((text) => el("td", { text }));
  const tr = el("tr", { "data-testid": "local-row", "data-plate": e.plate }, cells);
  if (supervisor) {
    const key = `${e.plate}-${e.state || "any"}`;
    const reason = el("input", { id: `local-remove-reason-${key}`, "aria-label": `why ${e.plate} is removed`, placeholder: "why (required)", "data-testid": "local-remove-reason" });
    const remove = el("button", { type: "button", class: "secondary", "data-testid": "local-remove", text: "Remove" });
    remove.addEventListener("click", async () => {
      remove.disabled = true;
      try {
        const done = await api.post("/api/hotlist/local/remove", { plate: e.plate, state: e.state, reason: reason.value });
        outcome.replaceChildren(el("p", { class: "ok", "data-testid": "local-removed", text: `Removed ${e.plate}: ${done.entries} entries in use.` }));
        await reload();
      } catch (error) {
        problems(outcome, error);
      } finally {
        remove.disabled = false;
      }
    });
    tr.append(el("td", {}, reason, remove));
  }
  return tr;
}

function addForm(outcome, reload) {
  const input = (name, attributes) => el("input", { id: `local-${name}`, name, "data-testid": `local-${name}`, ...attributes });
  const plate = input("plate", { autocomplete: "off" });
  const state = input("state", { size: 4 });
  const category = input("category", { placeholder: "local_new_wanted" });
  const reason = input("reason", {});
  const expires = input("expires", { type: "date" });
  const vehicle = input("vehicle", {});
  const record = input("record", {});
  const behalf = input("on_behalf_of", {});
  const submit = el("button", { type: "submit", "data-testid": "local-add", text: "Add to the hot list" });
  const form = el(
    "form",
    { id: "local-form", class: "filters", "data-testid": "local-form" },
    field(plate.id, "Plate (* for a character not seen)", plate),
    field(state.id, "State", state),
    field(category.id, "Category", category),
    field(reason.id, "Reason (shown with every hit)", reason),
    field(expires.id, "Expires after", expires),
    field(vehicle.id, "Vehicle", vehicle),
    field(record.id, "Case or record number", record),
    field(behalf.id, "On behalf of (if not yourself)", behalf),
    el("div", {}, submit),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    submit.disabled = true;
    try {
      const done = await api.post("/api/hotlist/local", {
        plate: plate.value,
        state: state.value,
        category: category.value,
        reason: reason.value,
        expires: expires.value,
        vehicle: vehicle.value,
        record: record.value,
        on_behalf_of: behalf.value,
      });
      const hits = done.retroactive_hits || [];
      const shown = [el("p", { class: "ok", "data-testid": "local-added", text: `Added: in use now, ${done.entries} entries.` })];
      if (hits.length) {
        shown.push(
          el(
            "div",
            { class: "error", role: "alert", "data-testid": "local-retro-hits" },
            el("p", { text: `${hits.length} kept read(s) match — verify through LEADS/NCIC before any action:` }),
            el("ul", {}, hits.map((h) => el("li", { text: `${h.matched_text} on ${h.retroactive.camera_id}, ${Math.round(h.retroactive.minutes_ago)} min ago` }))),
          ),
        );
      }
      outcome.replaceChildren(...shown);
      form.reset();
      await reload();
    } catch (error) {
      problems(outcome, error);
    } finally {
      submit.disabled = false;
    }
  });
  return form;
}

function problems(outcome, error) {
  outcome.replaceChildren(
    el("div", { class: "error", role: "alert", "data-testid": "local-problems" }, el("p", { text: error.message }), el("ul", {}, error.problems.map((p) => el("li", { text: p })))),
  );
}
