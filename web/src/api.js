// The server's API (docs/api.md), called with the bearer token the user gave (kept for the
// browser tab only). Every call resolves to parsed JSON or throws an ApiError naming the status
// and the server's message.
import { queryString } from './query.js';

const TOKEN_KEY = 'auditgraph.token';

export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

export function token() {
  return sessionStorage.getItem(TOKEN_KEY) || '';
}

export function setToken(value) {
  if (value) sessionStorage.setItem(TOKEN_KEY, value);
  else sessionStorage.removeItem(TOKEN_KEY);
}

function headers(extra = {}) {
  const h = { ...extra };
  if (token()) h.Authorization = `Bearer ${token()}`;
  return h;
}

async function answer(res) {
  const text = await res.text();
  let body = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    // Not JSON (a proxy's error page, say): the text itself is the message below.
  }
  if (!res.ok) {
    const message = (body && (body.error || body.message)) || text || res.statusText;
    throw new ApiError(res.status, `${res.status}: ${message}`);
  }
  return body;
}

// GET path with query parameters (undefined, null and '' are left out).
export async function get(path, params = {}) {
  return answer(await fetch(`${path}${queryString(params)}`, { headers: headers() }));
}

export async function post(path, body) {
  return answer(
    await fetch(path, {
      method: 'POST',
      headers: headers({ 'Content-Type': 'application/json' }),
      body: JSON.stringify(body),
    }),
  );
}

// A response body as a Blob (the HTML compliance report).
export async function blob(path, params = {}) {
  const res = await fetch(`${path}${queryString(params)}`, { headers: headers() });
  if (!res.ok) await answer(res);
  return res.blob();
}

// A response body as text (the signed checkpoint, a C2SP note).
export async function text(path) {
  const res = await fetch(path, { headers: headers() });
  if (!res.ok) await answer(res);
  return res.text();
}

// Settles a call whose failure must not take the rest of a view with it: {value}, or {error}
// for that part of the view to show as an error.
export async function settle(promise) {
  try {
    return { value: await promise };
  } catch (error) {
    return { error };
  }
}

// Whether an error is the server's 404: for some questions an answer (a dataset never written
// by a run has no versions), not a failure.
export function isNotFound(error) {
  return error instanceof ApiError && error.status === 404;
}
