// The console's API client: the session's bearer token kept in sessionStorage (gone when the tab closes),
// JSON in and out, and one error type carrying the API's {error, problems}.
const TokenKey = "edgealpr.token";
const MeKey = "edgealpr.me";

export class ApiError extends Error {
  constructor(status, body) {
    super(body && body.error ? body.error : `HTTP ${status}`);
    this.status = status;
    this.problems = (body && body.problems) || [];
    this.reason = body && body.reason;
  }
}

export function signedIn() {
  const me = sessionStorage.getItem(MeKey);
  return sessionStorage.getItem(TokenKey) && me ? JSON.parse(me) : null;
}

export async function signIn(user, password) {
  const body = await call("POST", "/api/session", { user, password });
  sessionStorage.setItem(TokenKey, body.token);
  sessionStorage.setItem(MeKey, JSON.stringify(body.user));
  return body.user;
}

export async function signOut() {
  try {
    await call("DELETE", "/api/session");
  } finally {
    forget();
  }
}

export function forget() {
  sessionStorage.removeItem(TokenKey);
  sessionStorage.removeItem(MeKey);
}

// background: a page refreshing itself; it does not keep an unattended session alive.
export function get(path, query, background = false) {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query || {})) {
    if (value !== undefined && value !== null && value !== "") params.set(key, value);
  }
  const text = params.toString();
  return call("GET", text ? `${path}?${text}` : path, undefined, background);
}

export function post(path, body) {
  return call("POST", path, body);
}

export function del(path) {
  return call("DELETE", path);
}

// An image under the session: fetched with the bearer token (an <img src> would not send it) and answered as an
// object URL, which the caller must revoke (URL.revokeObjectURL) when the image leaves the screen.
export async function imageUrl(path, background = false) {
  return URL.createObjectURL(await fetchBlob(path, background));
}

// A file the API answers (a sealed release package), as a Blob, fetched with the session's token.
export function download(path) {
  return fetchBlob(path, false);
}

async function fetchBlob(path, background) {
  const headers = {};
  if (background) headers["X-EdgeAlpr-Background"] = "1";
  const token = sessionStorage.getItem(TokenKey);
  if (token) headers.Authorization = `Bearer ${token}`;
  const response = await fetch(path, { headers, credentials: "same-origin", cache: "no-store" });
  if (!response.ok) {
    const json = await response.json().catch(() => null);
    if (response.status === 401) {
      forget();
      hooks.onSignedOut();
    }
    throw new ApiError(response.status, json);
  }
  return response.blob();
}

// Set by app.js: what to do when the session has ended (back to the sign-in form).
export const hooks = { onSignedOut: () => {} };

async function call(method, path, body, background = false) {
  const headers = { Accept: "application/json" };
  if (background) headers["X-EdgeAlpr-Background"] = "1";
  const token = sessionStorage.getItem(TokenKey);
  if (token) headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const response = await fetch(path, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    credentials: "same-origin",
    cache: "no-store",
  });
  if (response.status === 204) return null;
  const json = await response.json().catch(() => null);
  if (!response.ok) {
    if (response.status === 401 && path !== "/api/session") {
      forget();
      hooks.onSignedOut();
    }
    throw new ApiError(response.status, json);
  }
  return json;
}
