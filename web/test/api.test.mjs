// api.js against a stand-in fetch: the query string and the token sent, answers parsed, a
// failure thrown as an ApiError naming the status and the server's message (JSON or not), and
// settle/isNotFound, with which a view shows one part's failure as an error (a 404 where it is
// an answer).
import { test, beforeEach } from 'node:test';
import assert from 'node:assert/strict';

const store = new Map();
globalThis.sessionStorage = {
  getItem: (k) => (store.has(k) ? store.get(k) : null),
  setItem: (k, v) => store.set(k, String(v)),
  removeItem: (k) => store.delete(k),
};
let calls = [];
let reply = () => new Response('{}');
globalThis.fetch = async (url, init = {}) => {
  calls.push({ url, init });
  return reply(url, init);
};
const { ApiError, blob, get, isNotFound, post, setToken, settle, token } =
  await import('../src/api.js');

const json = (body, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

beforeEach(() => {
  calls = [];
  setToken('');
});

test('get: parameters through the one query-string builder, no token, the answer parsed', async () => {
  reply = () => json({ nodes: [] });
  assert.deepEqual(await get('/v1/impact', { node: 'dataset:a:b', depth: '', max_nodes: 5 }), {
    nodes: [],
  });
  assert.equal(calls[0].url, '/v1/impact?node=dataset%3Aa%3Ab&max_nodes=5');
  assert.equal(calls[0].init.headers.Authorization, undefined);
  await get('/v1/log/head');
  assert.equal(calls[1].url, '/v1/log/head');
});

test('the token is kept for the tab and sent as a bearer token', async () => {
  setToken('agt_secret');
  assert.equal(token(), 'agt_secret');
  reply = () => json({ ok: true });
  await post('/v1/check-change', { dataset: 'dataset:a:b', schema: [] });
  assert.equal(calls[0].init.method, 'POST');
  assert.equal(calls[0].init.headers.Authorization, 'Bearer agt_secret');
  assert.equal(calls[0].init.headers['Content-Type'], 'application/json');
  assert.deepEqual(JSON.parse(calls[0].init.body), { dataset: 'dataset:a:b', schema: [] });
  setToken('');
  assert.equal(token(), '');
  assert.equal(store.size, 0);
});

test('a failure is an ApiError: the status and the message of a JSON body, or its text', async () => {
  reply = () => json({ error: "node: no dataset or column has the id 'x'" }, 404);
  await assert.rejects(get('/v1/node', { id: 'x' }), (e) => {
    assert.ok(e instanceof ApiError);
    assert.equal(e.status, 404);
    assert.equal(e.message, "404: node: no dataset or column has the id 'x'");
    return true;
  });
  reply = () => new Response('<html>bad gateway</html>', { status: 502 });
  await assert.rejects(get('/v1/node'), { status: 502, message: '502: <html>bad gateway</html>' });
  reply = () => new Response('', { status: 503, statusText: 'Service Unavailable' });
  await assert.rejects(get('/v1/node'), { status: 503, message: '503: Service Unavailable' });
});

test('blob: the body as a Blob, or the same ApiError', async () => {
  reply = () => new Response('<html>report</html>');
  const b = await blob('/v1/report', { format: 'html' });
  assert.equal(await b.text(), '<html>report</html>');
  assert.equal(calls[0].url, '/v1/report?format=html');
  reply = () => json({ error: 'unauthorized' }, 401);
  await assert.rejects(blob('/v1/report', { format: 'html' }), { status: 401 });
});

test('settle: the value, or the error to show; isNotFound tells a 404 from a failure', async () => {
  assert.deepEqual(await settle(Promise.resolve(7)), { value: 7 });
  reply = () => json({ error: "version: 'dataset:a:b' has no version by then" }, 404);
  const missing = await settle(get('/v1/versions', { dataset: 'dataset:a:b' }));
  assert.equal(missing.value, undefined);
  assert.ok(isNotFound(missing.error));
  reply = () => json({ error: 'index: catching up failed' }, 500);
  const failed = await settle(get('/v1/versions', { dataset: 'dataset:a:b' }));
  assert.ok(!isNotFound(failed.error));
  assert.equal(failed.error.message, '500: index: catching up failed');
  const thrown = await settle(Promise.reject(new TypeError('Failed to fetch')));
  assert.ok(!isNotFound(thrown.error));
  assert.equal(thrown.error.message, 'Failed to fetch');
});
