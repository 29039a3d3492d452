// The server's API (docs/api.md), called with the bearer token the user gave (kept for the
// browser tab only). Every call resolves to parsed JSON or throws an ApiError naming the status
// and the server's message.

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
    body = null;
  }
  if (!res.ok) {
    const message = (body && (body.error || body.message)) || text || res.statusText;
    throw new ApiError(res.status, `${res.status}: ${message}`);
  }
  return body;
}

// GET path with query parameters (undefined and '' are left out).
export async function get(path, params = {}) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  }
  const url = q.toString() ? `${path}?${q}` : path;
  return answer(await fetch(url, { headers: headers() }));
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
  const q = new URLSearchParams(params);
  const res = await fetch(`${path}?${q}`, { headers: headers() });
  if (!res.ok) await answer(res);
  return res.blob();
}
