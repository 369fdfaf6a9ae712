// The console's shell: sign-in, the navigation (only the pages the signed-in user's permissions allow) and
// the page switch. Each page is a module under pages/ exporting {id, title, permission, render(container)}
// (permission: null for anyone, a permission's name, or a list of names any one of which will do);
// add one by importing it and listing it in Pages.
import * as api from "./api.js";
import { el } from "./dom.js";
import * as audit from "./pages/audit.js";
import * as localEntries from "./pages/local-entries.js";
import * as officer from "./pages/officer.js";
import * as releases from "./pages/releases.js";
import * as search from "./pages/search.js";
import * as status from "./pages/status.js";

const Pages = [officer, search, releases, localEntries, status, audit];

const $ = (id) => document.getElementById(id);

// A page's permission is null (anyone), one permission, or a list of which any one will do.
function allowed(me) {
  return Pages.filter((page) => !page.permission || [page.permission].flat().some((p) => me.permissions.includes(p)));
}

function showSignIn(message) {
  $("nav").hidden = true;
  $("who").hidden = true;
  $("page").hidden = true;
  $("page").replaceChildren();
  $("sign-in-page").hidden = false;
  const error = $("sign-in-error");
  error.hidden = !message;
  error.textContent = message || "";
  $("sign-in-user").focus();
}

function showNav(me) {
  const nav = $("nav");
  nav.replaceChildren(
    ...allowed(me).map((page) => el("a", { href: `#${page.id}`, id: `nav-${page.id}`, "data-testid": `nav-${page.id}`, text: page.title })),
  );
  nav.hidden = false;
  $("who-name").textContent = `${me.display_name} (${me.roles.join(", ")})`;
  $("who").hidden = false;
  $("sign-in-page").hidden = true;
}

async function route() {
  const me = api.signedIn();
  if (!me) {
    showSignIn();
    return;
  }
  showNav(me);
  const pages = allowed(me);
  const wanted = location.hash.slice(1);
  const page = pages.find((p) => p.id === wanted) || pages[0];
  for (const link of $("nav").querySelectorAll("a")) {
    if (link.id === `nav-${page.id}`) link.setAttribute("aria-current", "page");
    else link.removeAttribute("aria-current");
  }
  const container = $("page");
  container.hidden = false;
  container.replaceChildren(el("h2", { id: "page-title", "data-testid": "page-title", tabindex: "-1", text: page.title }));
  container.dataset.page = page.id;
  $("page-title").focus();
  try {
    await page.render(container);
  } catch (error) {
    container.append(el("p", { class: "error", role: "alert", "data-testid": "page-error", text: error.message }));
  }
}

$("sign-in-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const submit = $("sign-in-submit");
  submit.disabled = true;
  try {
    await api.signIn($("sign-in-user").value.trim(), $("sign-in-password").value);
    $("sign-in-password").value = "";
    await route();
  } catch (error) {
    $("sign-in-password").value = "";
    showSignIn(error.message);
  } finally {
    submit.disabled = false;
  }
});

$("sign-out").addEventListener("click", async () => {
  await api.signOut().catch(() => {});
  location.hash = "";
  showSignIn("Signed out.");
});

api.hooks.onSignedOut = () => showSignIn("Your session has ended; sign in again.");
window.addEventListener("hashchange", route);
route();
