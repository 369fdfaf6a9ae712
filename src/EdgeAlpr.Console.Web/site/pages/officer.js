// The officer's screen, for an in-car laptop or MDT: the shift, the live reads with their images, and hits that take
// over the screen until they are accepted (with what they were verified with) or rejected (with why). Polls every
// 2 s as a background request, so a screen left alone still signs out. The plate is read out and a tone played on a
// unit that is not covert.
import * as api from "../api.js";
import { el, facts, field, when } from "../dom.js";

export const id = "officer";
export const title = "Live reads and hits";
export const permission = "view_live_reads";

const PollMs = 2000;
const ShownReads = 30;
const VerifiedWithLabels = { LEADS: "LEADS", NCIC: "NCIC", SOS: "Secretary of State", dispatch: "Dispatch" };
const ReasonLabels = {
  misread: "Misread (the camera read it wrong)",
  wrong_state: "Wrong state",
  vehicle_does_not_match: "Vehicle does not match the listing",
  already_handled: "Already handled / entry cleared",
  other: "Other (say what in the note)",
};
// APCO, the alphabet US police radio uses ("Adam Boy Charles").
const Phonetic = {
  A: "Adam", B: "Boy", C: "Charles", D: "David", E: "Edward", F: "Frank", G: "George", H: "Henry", I: "Ida",
  J: "John", K: "King", L: "Lincoln", M: "Mary", N: "Nora", O: "Ocean", P: "Paul", Q: "Queen", R: "Robert",
  S: "Sam", T: "Tom", U: "Union", V: "Victor", W: "William", X: "X-ray", Y: "Young", Z: "Zebra",
};

let timer = null;
let state = null;

export async function render(container) {
  clearInterval(timer);
  if (state) forgetImages(state, new Set());
  const me = api.signedIn();
  const canDecide = me.permissions.includes("decide_hits");
  const root = el("div", { id: "officer-page", class: "officer", "data-testid": "officer-page" });
  container.append(root);
  state = {
    root,
    canDecide,
    unit: await api.get("/api/unit"),
    reads: [],
    hits: [],
    announced: new Set(), // hits the overlay has already announced (read out, toned)
    later: new Set(), // hits put off with "Later": back in the queue only when reopened
    images: new Map(), // url -> object URL, revoked when its read leaves the screen
    current: null, // the hit in the overlay
    audio: null,
  };
  const shiftBar = el("div", { class: "shift panel", "data-testid": "shift-bar" });
  const hitList = el("section", { class: "hits", "aria-labelledby": "hits-title" });
  const readList = el("ol", { class: "reads", id: "read-list", "data-testid": "read-list" });
  const message = el("p", { id: "officer-message", role: "status", "data-testid": "officer-message" });
  root.append(
    canDecide ? shiftBar : "",
    message,
    canDecide ? hitList : "",
    el("section", { "aria-labelledby": "reads-title" }, el("h3", { id: "reads-title", text: "Live reads" }), readList),
  );
  state.shiftBar = shiftBar;
  state.hitList = hitList;
  state.readList = readList;
  state.message = message;
  // Browsers start audio only after a gesture: the first click or key on the page unlocks it.
  document.addEventListener("click", unlockAudio, { once: true });
  document.addEventListener("keydown", unlockAudio, { once: true });
  if (canDecide) await refreshShift(false);
  await poll(false);
  timer = setInterval(() => {
    if (container.dataset.page !== id || container.hidden || !root.isConnected) {
      clearInterval(timer);
      closeOverlay();
      forgetImages(state, new Set());
      return;
    }
    // A poll slower than the interval (images on a busy unit) is not overtaken: two at once would both add the
    // same new reads.
    if (state.polling) return;
    state.polling = true;
    poll(true)
      .catch(() => {})
      .finally(() => {
        state.polling = false;
      });
  }, PollMs);
}

async function poll(background) {
  try {
    const newest = state.reads.length ? state.reads[0].captured_at : null;
    const fresh = await api.get("/api/reads", { limit: newest ? 200 : ShownReads, after: newest }, background);
    // Redrawn only when something changed, so thumbnails do not flicker and focus stays where the officer left it.
    if (fresh.length || !state.drawn) {
      state.reads = [...fresh, ...state.reads].slice(0, ShownReads);
      state.drawn = true;
      await drawReads(background);
    }
    if (state.canDecide) {
      const hits = await api.get("/api/hits", { all: true, limit: 50 }, background);
      const key = hits.map((h) => `${h.id}:${h.decision ? h.decision.id : "-"}`).join(",");
      if (key !== state.hitsKey) {
        state.hits = hits;
        state.hitsKey = key;
        drawHits();
      }
      await nextHit();
    }
    state.message.textContent = "";
    state.message.className = "";
  } catch (error) {
    state.message.className = "error";
    state.message.textContent = `Not updated: ${error.message}`;
  }
}

// ---- The shift ----

async function refreshShift(background) {
  draw(await api.get("/api/shift", {}, background));
}

function draw(shift) {
  const me = api.signedIn();
  const mine = shift.officer && shift.officer.login === me.login;
  const who = shift.officer
    ? `${shift.officer.display_name} (${shift.officer.login}) since ${when(shift.since)}`
    : "Nobody is signed on to this unit's shift: in-cab button decisions are recorded without an officer.";
  const start = el("button", { type: "button", id: "shift-start", "data-testid": "shift-start", text: mine ? "Shift started" : "Start shift", disabled: mine });
  const end = el("button", { type: "button", id: "shift-end", class: "secondary", "data-testid": "shift-end", text: "End shift", disabled: !mine });
  start.addEventListener("click", () => shiftChange(() => api.post("/api/shift", {})));
  end.addEventListener("click", () => shiftChange(() => api.del("/api/shift")));
  state.shiftBar.replaceChildren(
    el("span", { class: "shift-label", text: "On shift: " }),
    el("strong", { id: "shift-officer", "data-testid": "shift-officer", text: who }),
    el("span", { class: "actions" }, start, end),
  );
}

async function shiftChange(change) {
  try {
    draw(await change());
  } catch (error) {
    state.message.className = "error";
    state.message.textContent = error.message;
  }
}

// ---- Live reads ----

async function drawReads(background) {
  const wanted = new Set();
  const rows = [];
  for (const read of state.reads) {
    const plate = read.images.find((i) => i.role === "plate");
    const context = read.images.find((i) => i.role === "context");
    if (plate) wanted.add(plate.url);
    if (context) wanted.add(context.url);
    rows.push(
      el(
        "li",
        { class: read.hit_ids.length ? "read-row hit" : "read-row", "data-testid": "read-row", "data-read-id": read.id },
        thumbnail(plate, "read-plate-image", `Plate crop of ${read.plate}`),
        thumbnail(context, "read-context-image", `Scene of ${read.plate}`),
        el(
          "div",
          { class: "read-text" },
          el("span", { class: "plate", "data-testid": "read-plate", text: read.plate }),
          el("span", { text: when(read.captured_at) }),
          el("span", { text: `Camera ${read.camera_id}` }),
          el("span", { text: `Confidence ${Math.round(read.confidence * 100)}%` }),
          read.hit_ids.length ? el("span", { class: "badge", text: "HIT" }) : "",
        ),
      ),
    );
  }
  state.readList.replaceChildren(...rows);
  await fillImages(state.readList, background);
  forgetImages(state, wanted);
}

function thumbnail(image, testid, alt) {
  if (!image) return el("span", { class: "thumb none", text: "no image" });
  return el("img", { class: "thumb", alt, "data-testid": testid, "data-src": image.url, width: 160, height: 90 });
}

// Each image fetched once while it stays on screen (the bearer token goes with it), then shown by object URL.
async function fillImages(scope, background) {
  for (const img of scope.querySelectorAll("img[data-src]")) {
    const url = img.dataset.src;
    try {
      if (!state.images.has(url)) state.images.set(url, api.imageUrl(url, background));
      img.src = await state.images.get(url);
    } catch (error) {
      state.images.delete(url);
      img.alt = `${img.alt} (not available: ${error.message})`;
    }
  }
}

function forgetImages(s, keep) {
  for (const [url, pending] of s.images) {
    if (keep.has(url) || (s.current && s.current.images && s.current.images.some((i) => i.url === url))) continue;
    s.images.delete(url);
    pending.then((objectUrl) => URL.revokeObjectURL(objectUrl)).catch(() => {});
  }
}

// ---- Hits ----

function undecided() {
  // Highest priority first, then oldest first: the most urgent waits least.
  return state.hits
    .filter((h) => !h.decision)
    .sort((a, b) => b.priority - a.priority || a.created_at.localeCompare(b.created_at));
}

function drawHits() {
  const pending = undecided();
  const items = state.hits.map((hit) =>
    el(
      "li",
      { class: `hit-row ${priorityClass(hit.priority)}`, "data-testid": "hit-row", "data-hit-id": hit.id },
      el("span", { class: "plate", text: hit.plate }),
      el("span", { text: hit.category }),
      el("span", { text: when(hit.created_at) }),
      hit.decision
        ? el("span", { class: "decision", "data-testid": "hit-decision", text: decisionText(hit.decision) })
        : open(hit),
    ),
  );
  state.hitList.replaceChildren(
    el("h3", { id: "hits-title", text: `Hits (${pending.length} awaiting a decision)` }),
    el("ul", { class: "hit-list", "data-testid": "hit-list" }, items),
  );
}

function open(hit) {
  const button = el("button", { type: "button", class: "secondary", "data-testid": "hit-open", text: "Decide" });
  button.addEventListener("click", () => {
    state.later.delete(hit.id);
    showOverlay(hit.id);
  });
  return button;
}

function decisionText(d) {
  const what = d.decision === "accepted" ? `Accepted — verified with ${d.verified_with}` : `Rejected — ${ReasonLabels[d.reason] || d.reason}`;
  return `${what} by ${d.officer} at ${when(d.decided_at)}${d.note ? ` (${d.note})` : ""}`;
}

function priorityClass(priority) {
  return priority >= 80 ? "p-high" : priority >= 50 ? "p-medium" : "p-low";
}

async function nextHit() {
  if (state.current || state.opening) return;
  const next = undecided().find((h) => !state.later.has(h.id));
  if (next) await showOverlay(next.id);
}

// ---- The overlay: a hit takes over the screen ----

async function showOverlay(hitId) {
  if (state.opening) return;
  closeOverlay();
  let hit;
  state.opening = true; // a poll and a click must not open two
  try {
    hit = await api.get(`/api/hits/${hitId}`); // audited hit_viewed: the officer is shown it in full
  } finally {
    state.opening = false;
  }
  state.current = hit;
  const previous = document.activeElement;
  const plate = (hit.images || []).find((i) => i.role === "plate");
  const context = (hit.images || []).find((i) => i.role === "context");
  const problems = el("ul", { class: "error", role: "alert", "data-testid": "decision-problems" });
  const choice = el("div", { class: "choice" });
  const accept = el("button", { type: "button", id: "hit-accept", class: "accept", "data-testid": "hit-accept", text: "Accept" });
  const reject = el("button", { type: "button", id: "hit-reject", class: "reject", "data-testid": "hit-reject", text: "Reject" });
  const later = el("button", { type: "button", id: "hit-later", class: "secondary", "data-testid": "hit-later", text: "Later" });
  const listing = hit.listing;
  const dialog = el(
    "div",
    { id: "hit-alert", class: `hit-alert ${priorityClass(hit.priority)}`, role: "alertdialog", "aria-modal": "true", "aria-labelledby": "hit-category", "aria-describedby": "hit-verify", "data-testid": "hit-alert", "data-hit-id": hit.id, tabindex: "-1" },
    el("h2", { id: "hit-category", class: "category", "data-testid": "hit-category", text: hit.category.replaceAll("_", " ").toUpperCase() }),
    el("p", { class: "priority", text: `Priority ${hit.priority}${hit.alert ? "" : " (no alert for this category)"}` }),
    el("p", { class: "plate big", "data-testid": "hit-plate", text: `${hit.plate}${hit.state ? ` (${hit.state})` : ""}` }),
    el(
      "div",
      { class: "images" },
      plate ? el("img", { class: "crop", alt: `Plate crop of ${hit.plate}`, "data-testid": "hit-plate-image", "data-src": plate.url }) : el("span", { text: "no plate image" }),
      context ? el("img", { class: "scene", alt: `Scene of ${hit.plate}`, "data-testid": "hit-context-image", "data-src": context.url }) : "",
    ),
    el("p", { id: "hit-verify", class: "verify", "data-testid": "hit-verify", text: hit.verify }),
    facts("hit-listing", [
      ["Listed plate", `${listing.plate}${listing.state ? ` (${listing.state})` : ""}`],
      ["Read as", hit.matched_text],
      ["Match", hit.match_kind],
      ["Source", listing.source],
      ["Record number", listing.record_number],
      ["Reason", listing.reason],
      ["Vehicle", listing.vehicle],
      ["Entered by", listing.entered_by],
      ["Entered", listing.entered_at ? when(listing.entered_at) : null],
      ["Expires", listing.expires ? when(listing.expires) : null],
      ["Camera", hit.camera_id],
      ["At", when(hit.created_at)],
    ]),
    el("div", { class: "actions" }, accept, reject, later),
    choice,
    problems,
  );
  const overlay = el("div", { class: "overlay", id: "hit-overlay" }, dialog);
  overlay.previousFocus = previous;
  document.body.append(overlay);
  dialog.addEventListener("keydown", (event) => trapFocus(event, dialog));
  accept.addEventListener("click", () => acceptForm(choice, hit, problems));
  reject.addEventListener("click", () => rejectForm(choice, hit, problems));
  later.addEventListener("click", () => {
    state.later.add(hit.id);
    closeOverlay();
  });
  dialog.focus();
  fillImages(dialog, false);
  if (!state.announced.has(hit.id)) {
    state.announced.add(hit.id);
    announce(hit);
  }
}

function closeOverlay() {
  const overlay = document.getElementById("hit-overlay");
  if (!overlay) return;
  const previous = overlay.previousFocus;
  overlay.remove();
  if (state) state.current = null;
  if (previous && previous.isConnected) previous.focus();
}

function trapFocus(event, dialog) {
  if (event.key !== "Tab") return;
  const focusable = [...dialog.querySelectorAll("button, select, input, textarea")].filter((e) => !e.disabled);
  if (!focusable.length) return;
  const first = focusable[0];
  const last = focusable[focusable.length - 1];
  if (event.shiftKey && document.activeElement === first) {
    last.focus();
    event.preventDefault();
  } else if (!event.shiftKey && document.activeElement === last) {
    first.focus();
    event.preventDefault();
  }
}

function acceptForm(choice, hit, problems) {
  const select = el(
    "select",
    { id: "verified-with", name: "verified_with", "data-testid": "verified-with", required: true },
    el("option", { value: "", text: "— choose —" }),
    state.unit.verified_with.map((v) => el("option", { value: v, text: VerifiedWithLabels[v] || v })),
  );
  const detail = el("input", { id: "verified-detail", name: "verified_detail", "data-testid": "verified-detail", placeholder: "e.g. dispatch confirmed, NCIC message key" });
  decisionForm(choice, hit, problems, "accept", [field("verified-with", "Verified with", select), field("verified-detail", "Details", detail)], () => ({
    decision: "accept",
    verified_with: select.value,
    verified_detail: detail.value,
  }));
  select.focus();
}

function rejectForm(choice, hit, problems) {
  const select = el(
    "select",
    { id: "reject-reason", name: "reason", "data-testid": "reject-reason", required: true },
    el("option", { value: "", text: "— choose —" }),
    state.unit.reject_reasons.map((r) => el("option", { value: r, text: ReasonLabels[r] || r })),
  );
  const note = el("input", { id: "reject-note", name: "note", "data-testid": "reject-note" });
  decisionForm(choice, hit, problems, "reject", [field("reject-reason", "Reason", select), field("reject-note", "Note", note)], () => ({
    decision: "reject",
    reason: select.value,
    note: note.value,
  }));
  select.focus();
}

function decisionForm(choice, hit, problems, kind, fields, body) {
  const submit = el("button", { type: "submit", id: "decision-submit", "data-testid": "decision-submit", text: kind === "accept" ? "Record acceptance" : "Record rejection" });
  const form = el("form", { class: `decision-form ${kind}`, "data-testid": `decision-form-${kind}` }, ...fields, submit);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    submit.disabled = true;
    problems.replaceChildren();
    try {
      const decision = await api.post(`/api/hits/${hit.id}/decision`, body());
      const kept = state.hits.find((h) => h.id === hit.id);
      if (kept) kept.decision = decision;
      state.hitsKey = null;
      closeOverlay();
      drawHits();
      await nextHit();
    } catch (error) {
      problems.replaceChildren(...[error.message, ...error.problems].map((p) => el("li", { text: p })));
      submit.disabled = false;
    }
  });
  choice.replaceChildren(form);
}

// ---- Sound: the plate read out and a tone; never on a covert unit ----

function unlockAudio() {
  if (state.unit.covert || state.audio || !window.AudioContext) return;
  try {
    state.audio = new AudioContext();
  } catch {
    state.audio = null;
  }
}

function announce(hit) {
  // Silent on a covert unit, and for a category the unit is set not to alert on.
  if (state.unit.covert || !hit.alert) return;
  tone(hit.priority);
  speak(`${hit.category.replaceAll("_", " ")}. ${spell(hit.plate)}. Verify before any action.`);
}

export function spell(plate) {
  return [...plate.toUpperCase()]
    .map((c) => Phonetic[c] || (c >= "0" && c <= "9" ? c : ""))
    .filter(Boolean)
    .join(" ");
}

function tone(priority) {
  const audio = state.audio;
  if (!audio) return;
  try {
    if (audio.state === "suspended") audio.resume();
    const beeps = priority >= 80 ? 3 : 2;
    for (let i = 0; i < beeps; i++) {
      const start = audio.currentTime + i * 0.3;
      const osc = audio.createOscillator();
      const gain = audio.createGain();
      osc.frequency.value = 960;
      gain.gain.setValueAtTime(0.3, start);
      gain.gain.setValueAtTime(0, start + 0.2);
      osc.connect(gain).connect(audio.destination);
      osc.start(start);
      osc.stop(start + 0.22);
    }
  } catch {
    // No sound on this browser: the screen still shows the hit.
  }
}

function speak(text) {
  const synth = window.speechSynthesis;
  if (!synth || !window.SpeechSynthesisUtterance) return;
  try {
    // A browser without voices (a kiosk build, a headless test) speaks nothing; that is not an error.
    const voices = synth.getVoices();
    const utterance = new SpeechSynthesisUtterance(text);
    const english = voices.find((v) => v.lang && v.lang.startsWith("en"));
    if (english) utterance.voice = english;
    utterance.rate = 0.9;
    synth.cancel();
    synth.speak(utterance);
  } catch {
    // As above.
  }
}
