// layout.js: ELK's input for a graph, a real layout of the overview's and a lineage graph
// (elkjs runs in node too), edge paths and label spots, class names.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { overviewGraph } from '../src/graphs.js';
import { DomainColors } from '../src/ids.js';
import {
  NODE_H,
  clip,
  edgeClass,
  elkGraph,
  layoutGraph,
  nodeClass,
  nodeWidth,
  sectionPath,
} from '../src/layout.js';

test('nodeWidth: room for the longer line, between 90 and 300 px', () => {
  assert.equal(nodeWidth({ label: 'a' }), 90);
  assert.equal(nodeWidth({ label: 'x'.repeat(200) }), 300);
  const w = nodeWidth({ label: 'x'.repeat(20), sub: 'y'.repeat(30) });
  assert.equal(w, nodeWidth({ label: 'y'.repeat(30) }));
  assert.ok(w > 90 && w < 300);
});

test('clip: what fits is kept, the rest cut with an ellipsis', () => {
  assert.equal(clip('short', 300), 'short');
  const cut = clip('x'.repeat(100), 90);
  assert.ok(cut.endsWith('…') && cut.length < 100);
  assert.equal(cut, `${'x'.repeat(Math.floor((90 - 14) / 6.6) - 1)}…`);
});

test('elkGraph: nodes sized, groups with their children and options, edges numbered', () => {
  const g = elkGraph({
    nodes: [
      { id: 'a', label: 'a' },
      { id: 'g', label: 'group', children: [{ id: 'b', label: 'b', sub: 'sub' }] },
    ],
    edges: [
      { from: 'a', to: 'b' },
      { from: 'b', to: 'a' },
    ],
  });
  assert.equal(g.id, 'root');
  assert.equal(g.layoutOptions['elk.direction'], 'RIGHT');
  assert.deepEqual(g.children[0], { id: 'a', width: 90, height: NODE_H });
  assert.equal(g.children[1].id, 'g');
  assert.equal(g.children[1].layoutOptions['elk.nodeSize.minimum'], '(90, 50)');
  assert.deepEqual(g.children[1].children, [{ id: 'b', width: 90, height: NODE_H }]);
  assert.deepEqual(g.edges, [
    { id: 'e0', sources: ['a'], targets: ['b'] },
    { id: 'e1', sources: ['b'], targets: ['a'] },
  ]);
});

// Every node of a laid out tree, with its box in root coordinates.
function boxes(layout, dx = 0, dy = 0, out = new Map()) {
  for (const n of layout.children || []) {
    const box = { x: dx + n.x, y: dy + n.y, w: n.width, h: n.height };
    out.set(n.id, box);
    boxes(n, box.x, box.y, out);
  }
  return out;
}

test('layoutGraph: the overview laid out, products inside their domains, edges routed', async () => {
  const overview = {
    domains: [
      {
        name: 'sales',
        datasets: 2,
        products: 2,
        top: [
          { id: 'dataset:n:a', degree: 2 },
          { id: 'dataset:n:b', degree: 1 },
        ],
      },
      { name: 'finance', datasets: 1, products: 1, top: [{ id: 'dataset:n:c', degree: 1 }] },
      { name: 'ops', datasets: 0, products: 0, top: [] },
    ],
    links: [{ from: 'sales', to: 'finance', edges: 3 }],
  };
  const graph = overviewGraph(overview, { colors: new DomainColors(), pii: new Set() });
  const layout = await layoutGraph(graph);
  const at = boxes(layout);
  assert.equal(at.size, 3 + 3 + 1, 'three domains, three products, one placeholder');
  for (const group of graph.nodes) {
    const g = at.get(group.id);
    for (const child of group.children) {
      const c = at.get(child.id);
      assert.ok(
        c.x >= g.x && c.y >= g.y && c.x + c.w <= g.x + g.w && c.y + c.h <= g.y + g.h,
        `${child.id} inside ${group.id}`,
      );
    }
  }
  assert.ok(at.get('domain:sales').x < at.get('domain:finance').x, 'left to right');
  assert.equal(layout.edges.length, 1);
  assert.ok(layout.edges[0].sections.length >= 1);
  assert.ok(layout.width > 0 && layout.height > 0);
});

test('layoutGraph: a lineage chain runs left to right, a cycle still lays out', async () => {
  const nodes = ['a', 'b', 'c'].map((id) => ({ id, label: id }));
  const chain = await layoutGraph({
    nodes,
    edges: [
      { from: 'a', to: 'b' },
      { from: 'b', to: 'c' },
    ],
  });
  const at = boxes(chain);
  assert.ok(at.get('a').x < at.get('b').x && at.get('b').x < at.get('c').x);
  const cycle = await layoutGraph({
    nodes,
    edges: [
      { from: 'a', to: 'b' },
      { from: 'b', to: 'c' },
      { from: 'c', to: 'a' },
    ],
  });
  assert.equal(cycle.edges.filter((e) => e.sections?.length).length, 3);
});

test('sectionPath: the SVG path through the bends, the label above the middle segment', () => {
  const straight = sectionPath({ startPoint: { x: 0, y: 10 }, endPoint: { x: 100, y: 10 } });
  assert.equal(straight.d, 'M 0 10 L 100 10');
  assert.deepEqual(straight.label, { x: 50, y: 6 });
  const bent = sectionPath({
    startPoint: { x: 0, y: 0 },
    bendPoints: [
      { x: 50, y: 0 },
      { x: 50, y: 40 },
    ],
    endPoint: { x: 100, y: 40 },
  });
  assert.equal(bent.d, 'M 0 0 L 50 0 L 50 40 L 100 40');
  assert.deepEqual(bent.label, { x: 50, y: 16 });
});

test('nodeClass and edgeClass', () => {
  assert.equal(nodeClass({}), 'node');
  assert.equal(nodeClass({ focus: true, pii: true, cycle: true }), 'node focus pii on-cycle');
  assert.equal(nodeClass({ pii: true }), 'node pii');
  assert.equal(edgeClass({}), 'edge');
  assert.equal(edgeClass({ cycle: true, masked: true }), 'edge cycle masked');
});
