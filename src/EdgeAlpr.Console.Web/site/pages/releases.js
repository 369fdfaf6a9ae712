// Release requests. A supervisor sees the pending ones (or all) with the requester, case, purpose, recipient and its
// ORI and kind, and the reads' plate crops; approves one (sealed with a passphrase, or a random key shown once) or
// refuses it with a reason. The use case refuses a supervisor's approval of their own request; its words are shown.
// An investigator sees their own requests and where they stand. Either party downloads an approved package.
import * as api from "../api.js";
import { el, facts, field, when } from "../dom.js";

export const id = "releases";
export const title = "Releases";
// Shown to supervisors (who decide) and investigators (who follow their own): either permission.
export const permission = ["approve_release", "request_release"];

export async function render(container) {
  const me = api.signedIn();
  const supervisor = me.permissions.includes("approve_release");
  const state = el(
    "select",
    { id: "releases-state", name: "state", "data-testid": "releases-state" },
    el("option", { value: supervisor ? "pending" : "all", text: supervisor ? "Waiting for a decision" : "All of mine" }),
    el("option", { value: supervisor ? "all" : "pending", text: supervisor ? "All requests" : "Mine still waiting" }),
  );
  const message = el("p", { id: "releases-message", role: "status", "data-testid": "releases-message" });
  const list = el("div", { id: "releases-list", "data-testid": "releases-list" });
  container.append(el("section", { id: "releases-page", "data-testid": "releases-page" }, field("releases-state", "Show", state), message, list));
  const load = () => show(list, message, state.value, supervisor);
  state.addEventListener("change", load);
  await load();
}

async function show(list, message, state, supervisor) {
  message.className = "";
  message.textContent = "Loading…";
  try {
    const requests = await api.get("/api/releases", { state });
    message.textContent = `${requests.length} request(s)`;
    list.replaceChildren(...requests.map((listing) => row(listing, supervisor, () => show(list, message, state, supervisor))));
  } catch (error) {
    message.className = "error";
    message.textContent = [error.message, ...error.problems].join(" — ");
  }
}

function row(listing, supervisor, reload) {
  const r = listing.request;
  const box = el("article", { class: "panel", "data-testid": "release-row", "data-request": r.request_id });
  box.append(
    el("h3", {}, `Case ${r.case_number} — `, el("span", { "data-testid": "release-state", text: r.state })),
    facts("release-facts", [
      ["Request", r.request_id],
      ["Requested", `${when(r.requested_at)} by ${r.requested_by}${r.on_behalf_of ? ` for ${r.on_behalf_of}` : ""}`],
      ["Purpose", r.purpose],
      ["Recipient", r.recipient_agency],
      ["ORI", r.recipient_ori],
      ["Kind", r.recipient_kind === "law_enforcement" ? "law-enforcement agency" : "government agency"],
      ["Reads", r.reads.length],
      ["Decided", r.decided_by ? `${when(r.decided_at)} by ${r.decided_by}` : null],
      ["Refused because", r.refusal_reason],
    ]),
    el(
      "div",
      { class: "thumbs" },
      listing.reads.map((read) => el("img", { src: read.plate_image_url, alt: `plate crop of read ${read.read_id}`, class: "crop", loading: "lazy", "data-testid": "release-read-image" })),
    ),
  );
  const outcome = el("div", { class: "outcome", "aria-live": "polite" });
  if (listing.package_url) box.append(download(listing.package_url, r.request_id));
  if (supervisor && r.state === "pending") box.append(decisions(r, outcome, reload));
  box.append(outcome);
  return box;
}

function download(url, requestId) {
  // A link would carry only the cookie; fetched with the session's token instead, then saved from memory.
  const button = el("button", { type: "button", "data-testid": "release-download", text: "Download the sealed package" });
  button.addEventListener("click", async () => {
    button.disabled = true;
    try {
      const blob = await api.download(url);
      const link = el("a", { href: URL.createObjectURL(blob), download: `release-${requestId}.alprx` });
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(link.href), 10000);
    } catch (error) {
      button.after(el("p", { class: "error", role: "alert", text: [error.message, ...error.problems].join(" — ") }));
    } finally {
      button.disabled = false;
    }
  });
  return button;
}

function decisions(r, outcome, reload) {
  const idOf = (name) => `${name}-${r.request_id}`;
  const passphrase = el("input", { id: idOf("release-passphrase"), type: "password", autocomplete: "new-password", minlength: 12, "data-testid": "release-passphrase" });
  const generate = el("input", { id: idOf("release-generate-key"), type: "checkbox", "data-testid": "release-generate-key" });
  const reason = el("input", { id: idOf("release-refuse-reason"), "data-testid": "release-refuse-reason" });
  const approve = el("button", { type: "button", "data-testid": "release-approve", text: "Approve and seal" });
  const refuse = el("button", { type: "button", class: "secondary", "data-testid": "release-refuse", text: "Refuse" });
  const problem = (error) =>
    outcome.replaceChildren(
      el("div", { class: "error", role: "alert", "data-testid": "release-problems" }, el("p", { text: error.message }), el("ul", {}, error.problems.map((p) => el("li", { text: p })))),
    );

  approve.addEventListener("click", async () => {
    approve.disabled = true;
    // Sealing derives the key from the passphrase (PBKDF2, 600,000 rounds): seconds on a Pi.
    outcome.replaceChildren(el("p", { role: "status", text: "Checking the reads and sealing the package…" }));
    try {
      const body = generate.checked ? { generate_key: true } : { passphrase: passphrase.value };
      const done = await api.post(`/api/releases/${r.request_id}/approve`, body);
      passphrase.value = "";
      outcome.replaceChildren(
        el("p", { class: "ok", "data-testid": "release-approved", text: `Approved: ${done.reads} read(s), ${done.images} image(s) sealed (SHA-256 ${done.package_sha256}).` }),
        done.key
          ? el("p", {}, "The key that opens it, shown this once — give it to the recipient by another channel: ", el("code", { "data-testid": "release-key", text: done.key }))
          : el("p", { text: "It opens with the passphrase you gave; send that to the recipient by another channel." }),
        download(done.package_url, r.request_id),
      );
    } catch (error) {
      problem(error);
    } finally {
      approve.disabled = false;
    }
  });
  refuse.addEventListener("click", async () => {
    refuse.disabled = true;
    try {
      await api.post(`/api/releases/${r.request_id}/refuse`, { reason: reason.value });
      await reload();
    } catch (error) {
      problem(error);
    } finally {
      refuse.disabled = false;
    }
  });
  return el(
    "div",
    { class: "filters" },
    el("div", {}, el("label", { for: passphrase.id, text: "Passphrase to seal with (12+ characters)" }), passphrase,
      el("label", { for: generate.id, class: "inline" }, generate, " or generate a random key")),
    el("div", {}, approve),
    el("div", {}, el("label", { for: reason.id, text: "Reason for refusing" }), reason),
    el("div", {}, refuse),
  );
}
