// The investigator's search: a plate or a partial plate in a time window, with the case number and authorised
// purpose the directive requires (the agency's case-number format shown beside the field); a refusal lists its
// problems next to the form; results with the plate crop, time, camera, place and hits. Reads ticked in the
// results can be put in a release request (release-request.js), the search's case and purpose carried over.
import * as api from "../api.js";
import { el, field, when } from "../dom.js";
import { releaseRequestForm } from "./release-request.js";

export const id = "search";
export const title = "Search";
export const permission = "search";

export async function render(container) {
  const policy = await api.get("/api/policy").catch(() => null);
  const caseHint = el("small", {
    id: "search-case-hint",
    "data-testid": "search-case-hint",
    text: policy ? `Format: ${policy.case_number_format}` : "",
  });
  const purposeHint = el("small", {
    id: "search-purpose-hint",
    text: policy ? `Name the offence or need (at least ${policy.min_purpose_length} characters), e.g. '${policy.purpose_example}'` : "",
  });
  const input = (name, attributes) => el("input", { id: `search-${name}`, name, "data-testid": `search-${name}`, ...attributes });
  const form = el(
    "form",
    { id: "search-form", class: "filters", "data-testid": "search-form", novalidate: true },
    field("search-plate", "Plate (exact)", input("plate", { autocapitalize: "characters", placeholder: "ABC1234" })),
    field("search-partial", "or partial plate (* any run, ? one)", input("partial", { autocapitalize: "characters", placeholder: "AB*12" })),
    field("search-from", "From", input("from", { type: "datetime-local" })),
    field("search-to", "To", input("to", { type: "datetime-local" })),
    el("div", {}, el("label", { for: "search-case", text: "Case number" }), input("case", { required: true, "aria-describedby": "search-case-hint" }), caseHint),
    el(
      "div",
      {},
      el("label", { for: "search-purpose", text: "Authorised purpose" }),
      input("purpose", { required: true, "aria-describedby": "search-purpose-hint" }),
      purposeHint,
    ),
    field("search-behalf", "On behalf of (optional)", input("behalf", {})),
    el("div", {}, el("button", { type: "submit", id: "search-submit", "data-testid": "search-submit", text: "Search" })),
  );
  const problems = el("div", { id: "search-problems", class: "error", role: "alert", "data-testid": "search-problems", hidden: true });
  const summary = el("p", { id: "search-summary", role: "status", "data-testid": "search-summary" });
  const results = el("table", { id: "search-results", "data-testid": "search-results", hidden: true });
  const release = el("div", { id: "release-area" });
  container.append(el("section", { id: "search-page", "data-testid": "search-page" }, form, problems, summary, results, release));

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    search(form, problems, summary, results, release);
  });
}

function isoOf(local) {
  return local ? new Date(local).toISOString() : undefined;
}

function showProblems(box, error) {
  box.replaceChildren(el("p", { text: error.message }), el("ul", {}, error.problems.map((p) => el("li", { text: p }))));
  box.hidden = false;
}

async function search(form, problems, summary, results, release) {
  const data = new FormData(form);
  const grounds = {
    case_number: data.get("case").trim(),
    purpose: data.get("purpose").trim(),
    on_behalf_of: data.get("behalf").trim() || undefined,
  };
  const button = form.querySelector("button[type=submit]");
  button.disabled = true;
  problems.hidden = true;
  summary.textContent = "Searching…";
  try {
    const answer = await api.post("/api/search", {
      plate: data.get("plate").trim() || undefined,
      partial: data.get("partial").trim() || undefined,
      from: isoOf(data.get("from")),
      to: isoOf(data.get("to")),
      ...grounds,
    });
    summary.textContent = answer.truncated
      ? `${answer.total} read(s) matched; the first ${answer.shown} shown (audit event #${answer.audit_seq}).`
      : `${answer.total} read(s) matched (audit event #${answer.audit_seq}).`;
    showResults(results, answer.results);
    release.replaceChildren(releaseRequestForm(results, grounds));
  } catch (error) {
    summary.textContent = "";
    results.hidden = true;
    results.replaceChildren();
    release.replaceChildren();
    showProblems(problems, error);
  } finally {
    button.disabled = false;
  }
}

function place(location) {
  return location ? `${location.latitude.toFixed(5)}, ${location.longitude.toFixed(5)}` : "—";
}

function thumbnail(read) {
  const crop = read.images.find((i) => i.role === "plate");
  if (!crop) return el("span", { text: read.images_dropped_at ? "images dropped" : "no image" });
  return el("img", {
    src: crop.url,
    alt: `plate ${read.plate}`,
    class: "crop",
    loading: "lazy",
    "data-testid": "result-plate-image",
  });
}

function showResults(table, reads) {
  table.replaceChildren(
    el(
      "thead",
      {},
      el("tr", {}, ["Select", "Plate", "Image", "Time", "Camera", "Location", "Hits"].map((h) => el("th", { scope: "col", text: h }))),
    ),
    el(
      "tbody",
      {},
      reads.map((read) =>
        el(
          "tr",
          { "data-testid": "search-result-row", "data-read": read.read_id },
          el(
            "td",
            {},
            el("input", {
              type: "checkbox",
              class: "select",
              value: read.read_id,
              "aria-label": `select the read of ${read.plate} at ${when(read.captured_at)}`,
              "data-testid": "release-select",
            }),
          ),
          el("td", { class: "plate", text: read.by_candidate ? `${read.plate} (read as ${read.matched_text})` : read.plate }),
          el("td", {}, thumbnail(read)),
          el("td", { text: when(read.captured_at) }),
          el("td", { text: read.camera_id }),
          el("td", { text: place(read.location) }),
          el("td", { text: read.hits.map((h) => `${h.category} (${h.source}, ${h.match_kind})`).join("; ") || "—" }),
        ),
      ),
    ),
  );
  table.hidden = false;
}
