// The unit's status, for anyone signed in: the health message the platform gets, refreshed every 10 s while shown.
import * as api from "../api.js";
import { el, facts, when } from "../dom.js";

export const id = "status";
export const title = "Unit status";
export const permission = null;

let timer = null;

export async function render(container) {
  const body = el("div", { id: "status-body", "data-testid": "status-body" });
  container.append(body);
  clearInterval(timer);
  await refresh(container, body);
  timer = setInterval(() => {
    if (container.dataset.page !== id || container.hidden) {
      clearInterval(timer);
      return;
    }
    refresh(container, body).catch(() => {});
  }, 10000);
}

async function refresh(container, body) {
  const h = await api.get("/api/status");
  const agent = h.agent || {};
  const parts = [
    facts("status-unit", [
      ["Device", h.device_id],
      ["As of", when(h.at)],
      ["Up for", `${Math.round(h.uptime_s)} s`],
      ["Platform link since", h.connected_since ? when(h.connected_since) : "not connected"],
    ]),
    el("h3", { text: "Outbox" }),
    facts("status-outbox", [
      ["Waiting", h.outbox.items],
      ["Urgent", h.outbox.urgent],
      ["Oldest", h.outbox.oldest_age_s === undefined ? "—" : `${h.outbox.oldest_age_s} s`],
    ]),
    el("h3", { text: "Hot list" }),
    facts("status-hotlist", [
      ["Version", h.hot_list.version],
      ["Age", h.hot_list.age_hours === undefined ? "—" : `${h.hot_list.age_hours} h`],
      ["Stale", h.hot_list.stale ? "YES" : "no"],
      ["Entries", h.hot_list.entries],
    ]),
    el("h3", { text: "Storage" }),
    facts("status-storage", [
      ["Alarm", h.storage.alarm ? `YES: ${h.storage.reason || ""}` : "no"],
      ["Reads waiting in memory", h.storage.backlog],
    ]),
  ];
  if (h.agent) {
    parts.push(el("h3", { text: "Agent" }), el("pre", { class: "panel", "data-testid": "status-agent", text: JSON.stringify(agent, null, 2) }));
  }
  body.replaceChildren(...parts);
}
