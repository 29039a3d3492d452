// query.js: the one query-string builder (the API's GETs, the page's addresses) and its reader.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseViewHref, queryString, viewHref } from '../src/query.js';

test('queryString leaves out undefined, null and empty values, keeps 0 and false', () => {
  assert.equal(queryString({}), '');
  assert.equal(queryString(), '');
  assert.equal(queryString({ a: undefined, b: null, c: '' }), '');
  assert.equal(queryString({ depth: 0, edges: false, q: 'x' }), '?depth=0&edges=false&q=x');
});

test('queryString encodes ids with colons, slashes, spaces and the reserved characters', () => {
  const id = 'dataset:kafka://broker:9092:orders & returns#1?x=y';
  const q = queryString({ node: id, limit: 20 });
  assert.equal(q, `?node=${encodeURIComponent(id).replace(/%20/g, '+')}&limit=20`);
  assert.equal(new URLSearchParams(q.slice(1)).get('node'), id);
});

test('viewHref names a view and its parameters; the overview is #/', () => {
  assert.equal(viewHref(''), '#/');
  assert.equal(viewHref('log'), '#/log');
  assert.equal(viewHref('log', { seq: 5 }), '#/log?seq=5');
  assert.equal(
    viewHref('lineage', { node: 'dataset:a:b', as_of: '' }),
    '#/lineage?node=dataset%3Aa%3Ab',
  );
});

test('parseViewHref reads what viewHref writes', () => {
  const params = {
    node: 'datasetField:s3://lake:finance.revenue.daily.v2:amount',
    dir: 'upstream',
    depth: 'all',
    as_of: '2026-10-15T00:00:00Z',
  };
  assert.deepEqual(parseViewHref(viewHref('lineage', params)), { view: 'lineage', params });
  assert.deepEqual(parseViewHref(''), { view: '', params: {} });
  assert.deepEqual(parseViewHref('#/'), { view: '', params: {} });
  assert.deepEqual(parseViewHref('#'), { view: '', params: {} });
  assert.deepEqual(parseViewHref('#/log?seq=7'), { view: 'log', params: { seq: '7' } });
  assert.deepEqual(parseViewHref('#log'), { view: 'log', params: {} });
});
