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
  await refresh(body, false);
  timer = setInterval(() => {
    if (container.dataset.page !== id || container.hidden) {
      clearInterval(timer);
      return;
    }
    refresh(body, true).catch(() => {});
  }, 10000);
}

async function refresh(body, background) {
  const h = await api.get("/api/status", {}, background);
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
    parts.push(...agentParts(h.agent));
  }
  body.replaceChildren(...parts);
}

function mb(bytes) {
  return `${(bytes / 1048576).toFixed(0)} MB`;
}

// The running agent's part: cameras, queues, link, GPS, disk, temperature.
function agentParts(a) {
  const cameras = el("table", { id: "status-cameras", "data-testid": "status-cameras" },
    el("thead", {}, el("tr", {}, ["Camera", "State", "fps", "Reads", "Dropped frames"].map((t) => el("th", { scope: "col", text: t })))),
    el("tbody", {}, a.cameras.map((c) =>
      el("tr", { "data-testid": "status-camera", "data-camera": c.id },
        el("td", { text: c.id }),
        el("td", { class: c.state === "connected" ? "ok" : "error", text: c.reason ? `${c.state}: ${c.reason}` : c.state }),
        el("td", { text: c.fps_processed }),
        el("td", { text: c.reads }),
        el("td", { text: c.frames_dropped })))));
  const gps = a.gps;
  return [
    el("h3", { text: "Cameras" }),
    cameras,
    el("h3", { text: "Agent" }),
    facts("status-agent", [
      ["Profile", a.profile],
      ["Started", when(a.started_at)],
      ["Queues (reads / alerts / storing)", `${a.queues.reads} / ${a.queues.alerts} / ${a.queues.storing}`],
      ["Reads / hits / alerts", `${a.counters.reads} / ${a.counters.hits} / ${a.counters.alerts}`],
      ["Platform link", a.link.enabled ? (a.link.connected ? "connected" : `down${a.link.last_error ? `: ${a.link.last_error}` : ""}`) : "not configured"],
      ["GPS", gps ? `${gps.mode} (${gps.source})${gps.stale ? ", STALE" : ""}${gps.latitude !== undefined ? ` ${gps.latitude}, ${gps.longitude}` : ""}` : "none"],
      ["Disk free", mb(a.disk.free_bytes)],
      ["Store (database + images)", mb(a.disk.database_bytes + a.disk.image_bytes)],
      ["CPU temperature", a.cpu_temperature_c === undefined ? "—" : `${a.cpu_temperature_c} °C`],
    ]),
  ];
}
