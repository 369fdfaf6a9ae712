// The release request form under the search results: the reads ticked in the results, the recipient agency, its
// ORI and what it is (a law-enforcement or government agency: there is no other choice), the case and purpose of
// the search carried over. The answer is the request's id and state; a supervisor decides it (releases.js).
import * as api from "../api.js";
import { el, field } from "../dom.js";

export function releaseRequestForm(results, grounds) {
  const input = (name, attributes) => el("input", { id: `release-${name}`, name, "data-testid": `release-${name}`, ...attributes });
  const kind = el(
    "select",
    { id: "release-kind", name: "kind", "data-testid": "release-kind", required: true },
    el("option", { value: "law_enforcement", text: "Law-enforcement agency" }),
    el("option", { value: "government", text: "Government agency" }),
  );
  const caseNumber = input("case", { value: grounds.case_number, required: true });
  const purpose = input("purpose", { value: grounds.purpose, required: true });
  const chosen = el("p", { id: "release-chosen", "data-testid": "release-chosen", role: "status" });
  const problems = el("div", { id: "release-problems", class: "error", role: "alert", "data-testid": "release-problems", hidden: true });
  const outcome = el("div", { id: "release-outcome", "aria-live": "polite" });
  const form = el(
    "form",
    { id: "release-request", class: "panel", "data-testid": "release-request", novalidate: true },
    el("h3", { text: "Request release" }),
    chosen,
    el("div", { class: "filters" },
      field("release-agency", "Recipient agency", input("agency", { required: true, placeholder: "Springfield Police Department" })),
      field("release-ori", "Recipient ORI (9 characters)", input("ori", { required: true, maxlength: 9, autocapitalize: "characters", placeholder: "IL0160000" })),
      field("release-kind", "Recipient is a", kind),
      field("release-case", "Case number", caseNumber),
      field("release-purpose", "Authorised purpose", purpose),
    ),
    el("button", { type: "submit", id: "release-submit", "data-testid": "release-submit", text: "Request release" }),
    problems,
    outcome,
  );

  const selected = () => [...results.querySelectorAll("input[data-testid=release-select]:checked")].map((box) => box.value);
  const count = () => {
    const n = selected().length;
    chosen.textContent = n === 0 ? "Tick the reads to release in the results above." : `${n} read(s) selected.`;
  };
  results.addEventListener("change", count);
  count();

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const button = form.querySelector("button[type=submit]");
    button.disabled = true;
    problems.hidden = true;
    try {
      const answer = await api.post("/api/releases", {
        reads: selected(),
        case_number: data.get("case").trim(),
        purpose: data.get("purpose").trim(),
        on_behalf_of: grounds.on_behalf_of,
        recipient_agency: data.get("agency").trim(),
        recipient_ori: data.get("ori").trim(),
        recipient_kind: data.get("kind"),
      });
      const r = answer.request;
      outcome.replaceChildren(
        el("p", { class: "ok", text: `Release request sent for a supervisor's decision: ${r.reads.length} read(s) to ${r.recipient_agency} (ORI ${r.recipient_ori}).` }),
        el("p", {}, "Request ", el("code", { id: "release-request-id", "data-testid": "release-request-id", text: r.request_id }), " — ",
          el("strong", { "data-testid": "release-state", text: r.state })),
      );
    } catch (error) {
      problems.replaceChildren(el("p", { text: error.message }), el("ul", {}, error.problems.map((p) => el("li", { text: p }))));
      problems.hidden = false;
    } finally {
      button.disabled = false;
    }
  });
  return form;
}
