// graphs.js: the graphs the views draw, built from the API's answers: the lineage view's
// requests and merged answer, its nodes and edges (jobs left out, cycles red, PII marked, the
// query node the focus), the overview's groups, what an impact reaches, the PII marks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  NO_DOMAIN,
  downstream,
  lineageGraph,
  lineageRequests,
  mergeLineage,
  overviewGraph,
  piiMarks,
} from '../src/graphs.js';
import { DomainColors } from '../src/ids.js';

const A = 'dataset:ns:a';
const B = 'dataset:ns:b';
const C = 'dataset:ns:c';
const D = 'dataset:ns:d';
const J = 'job:ns:j';

const node = (id, distance, extra = {}) => ({ id, kind: id.split(':')[0], distance, ...extra });
const edge = (from, to, via_job = J, extra = {}) => ({ from, to, via_job, seqs: [1], ...extra });

test('lineageRequests: the directions, depth all as no limit, the same parameters each way', () => {
  const state = { node: A, dir: 'both', depth: 'all', as_of: '' };
  const both = lineageRequests(state, 400);
  assert.deepEqual(
    both.map((r) => r.path),
    ['/v1/provenance', '/v1/impact'],
  );
  assert.deepEqual(both[0].params, { node: A, depth: '', as_of: '', max_nodes: 400 });
  assert.deepEqual(both[1].params, both[0].params);
  const up = lineageRequests({ ...state, dir: 'upstream', depth: '3' }, 10);
  assert.deepEqual(up, [
    { path: '/v1/provenance', params: { node: A, depth: '3', as_of: '', max_nodes: 10 } },
  ]);
  assert.deepEqual(
    lineageRequests({ ...state, dir: 'downstream' }, 1).map((r) => r.path),
    ['/v1/impact'],
  );
});

test('mergeLineage: each node and edge once, every cycle, partial if either was', () => {
  const at = { size: 42 };
  const up = {
    at,
    nodes: [node(B, 0), node(A, 1)],
    edges: [edge(A, B)],
    cycles: [],
    partial: false,
  };
  const down = {
    at: { size: 43 },
    nodes: [node(B, 0), node(C, 1)],
    edges: [edge(B, C), edge(A, B), edge(A, B, 'job:ns:other')],
    cycles: [[B, C]],
    partial: true,
  };
  const m = mergeLineage([up, down]);
  assert.equal(m.at, at, "the first answer's head");
  assert.deepEqual(
    m.nodes.map((n) => n.id),
    [B, A, C],
  );
  assert.equal(m.edges.length, 3, 'an edge is its ends and its job');
  assert.deepEqual(m.cycles, [[B, C]]);
  assert.equal(m.partial, true);
  assert.equal(mergeLineage([up]).partial, false);
});

test('lineageGraph: datasets and columns only, edges between them, the look of each', () => {
  const col = 'datasetField:ns:a:email';
  const answer = {
    at: { size: 1 },
    nodes: [
      node(A, 0, { domain: 'sales', owner: 'team:sales' }),
      node(J, 1),
      node(B, 1, { domain: 'finance' }),
      node(col, 2),
    ],
    edges: [
      edge(A, B, J, { transformation: 'aggregate', masking: false, seqs: [3, 4] }),
      edge(A, J),
      edge(col, B, J, { masking: true }),
    ],
    cycles: [],
    partial: false,
  };
  const colors = new DomainColors(['finance', 'sales']);
  const g = lineageGraph(answer, { focus: A, colors, pii: new Set([col]) });
  assert.deepEqual(
    g.nodes.map((n) => n.id),
    [A, B, col],
    'no jobs',
  );
  const [a, b, c] = g.nodes;
  assert.equal(a.label, 'a');
  assert.equal(a.sub, 'sales · this node');
  assert.equal(a.focus, true);
  assert.equal(b.focus, false);
  assert.equal(b.sub, 'finance · 1 hop');
  assert.equal(c.sub, '2 hops');
  assert.equal(c.label, 'a.email');
  assert.equal(a.color, colors.of('sales'));
  assert.equal(c.color, '#ffffff');
  assert.deepEqual(
    g.nodes.map((n) => n.pii),
    [false, false, true],
  );
  assert.equal(a.title, `${A}\nowner: team:sales\ndomain: sales`);
  assert.equal(b.title, `${B}\nowner: unknown\ndomain: finance`);
  assert.equal(g.edges.length, 2, 'the edge into the job is not drawn');
  assert.deepEqual(g.edges[0], {
    from: A,
    to: B,
    cycle: false,
    masked: false,
    job: J,
    title: 'a → b via job:ns:j (aggregate); log seqs 3, 4',
  });
  assert.equal(g.edges[1].masked, true);
});

test('lineageGraph: an edge is red when its ends are on one cycle, not merely both on some', () => {
  const answer = {
    nodes: [node(A, 0), node(B, 1), node(C, 1), node(D, 2)],
    // A <-> B and C <-> D are cycles; B -> C joins them; both directions name the first.
    edges: [edge(A, B), edge(B, A), edge(B, C), edge(C, D), edge(D, C)],
    cycles: [
      [A, B],
      [C, D],
      [B, A],
    ],
  };
  const g = lineageGraph(answer, { focus: A, colors: new DomainColors(), pii: new Set() });
  assert.deepEqual(
    g.edges.map((e) => `${e.from.slice(-1)}${e.to.slice(-1)}:${e.cycle}`),
    ['ab:true', 'ba:true', 'bc:false', 'cd:true', 'dc:true'],
  );
  assert.ok(g.nodes.every((n) => n.cycle));
  const none = lineageGraph(
    { ...answer, cycles: [] },
    { focus: A, colors: new DomainColors(), pii: new Set() },
  );
  assert.ok(none.edges.every((e) => !e.cycle) && none.nodes.every((n) => !n.cycle));
});

test('overviewGraph: a group per domain with its products, an empty one still a box', () => {
  const overview = {
    domains: [
      { name: 'sales', datasets: 1, products: 1, top: [{ id: A, degree: 3 }] },
      { name: null, datasets: 2, products: 0, top: [] },
    ],
    links: [{ from: 'sales', to: null, edges: 4 }],
  };
  const colors = new DomainColors(['sales']);
  const g = overviewGraph(overview, { colors, pii: new Set([A]) });
  assert.equal(g.nodes.length, 2);
  const [sales, none] = g.nodes;
  assert.equal(sales.id, 'domain:sales');
  assert.equal(sales.label, 'sales · 1 dataset');
  assert.equal(sales.sub, '1 products');
  assert.equal(sales.color, colors.of('sales'));
  assert.deepEqual(sales.children, [
    { id: A, label: 'a', sub: '3 lineage edges', color: '#ffffff', pii: true, title: A },
  ]);
  assert.equal(none.id, `domain:${NO_DOMAIN}`);
  assert.equal(none.label, `${NO_DOMAIN} · 2 datasets`);
  assert.deepEqual(
    none.children.map((c) => c.id),
    [`domain:${NO_DOMAIN}:empty`],
  );
  assert.deepEqual(g.edges, [
    {
      from: 'domain:sales',
      to: `domain:${NO_DOMAIN}`,
      label: '4',
      title: `4 lineage edges from sales to ${NO_DOMAIN}`,
    },
  ]);
});

test('downstream: the datasets and columns past the node, grouped by owner', () => {
  const impact = {
    nodes: [
      node(A, 0, { owner: 'team:a' }),
      node(J, 1, { owner: 'team:j' }),
      node(B, 1, { owner: 'team:b' }),
      node(C, 2),
      node('datasetField:ns:b:x', 2, { owner: 'team:b' }),
    ],
  };
  const { affected, owners } = downstream(impact);
  assert.deepEqual(
    affected.map((n) => n.id),
    [B, C, 'datasetField:ns:b:x'],
  );
  assert.deepEqual(
    [...owners].map(([o, ns]) => [o, ns.map((n) => n.id)]),
    [
      ['team:b', [B, 'datasetField:ns:b:x']],
      ['(no owner)', [C]],
    ],
  );
});

test('piiMarks: tagged columns and their datasets, and where PII reaches', () => {
  const marks = piiMarks({
    sources: [{ column: 'datasetField:ns:a:email' }],
    reached: [
      { column: 'datasetField:ns:b:email', dataset: B },
      { column: null, dataset: C },
    ],
  });
  assert.deepEqual(
    [...marks].sort(),
    [A, B, C, 'datasetField:ns:a:email', 'datasetField:ns:b:email'].sort(),
  );
  assert.equal(piiMarks({ sources: [], reached: [] }).size, 0);
});
