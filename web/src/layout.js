// Where graph.js draws things: ELK's input for a graph (node sizes from their text, a group's
// options), the layout itself (elkjs, layered, left to right), and each edge's path and label
// spot from the sections ELK routes. Pure: no DOM, so node runs it in the unit tests.
import ELK from 'elkjs/lib/elk.bundled.js';

const elk = new ELK();
export const CHAR_W = 6.6; // px per character at the node font size
export const NODE_H = 40;

// A node's width: room for its longer line of text, within [90, 300] px.
export function nodeWidth(n) {
  const chars = Math.max(n.label.length, (n.sub || '').length);
  return Math.max(90, Math.min(300, 18 + CHAR_W * chars));
}

// `text` cut with an ellipsis to what a box `w` px wide shows.
export function clip(text, w) {
  const max = Math.floor((w - 14) / CHAR_W);
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function elkNode(n) {
  if (!n.children) return { id: n.id, width: nodeWidth(n), height: NODE_H };
  return {
    id: n.id,
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'RIGHT',
      'elk.padding': '[top=30,left=10,bottom=10,right=10]',
      'elk.spacing.nodeNode': '8',
      'elk.nodeSize.minimum': `(${nodeWidth(n)}, 50)`,
      'elk.nodeSize.constraints': 'MINIMUM_SIZE',
    },
    children: n.children.map(elkNode),
  };
}

// ELK's input for `graph` ({nodes, edges}, as graph.js takes it): edge i is ELK's `e${i}`.
export function elkGraph(graph) {
  return {
    id: 'root',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'RIGHT',
      'elk.edgeRouting': 'ORTHOGONAL',
      'elk.layered.spacing.nodeNodeBetweenLayers': '56',
      'elk.spacing.nodeNode': '18',
      'elk.layered.cycleBreaking.strategy': 'DEPTH_FIRST',
    },
    children: graph.nodes.map(elkNode),
    edges: graph.edges.map((e, i) => ({ id: `e${i}`, sources: [e.from], targets: [e.to] })),
  };
}

// The laid out graph: ELK's answer for elkGraph(graph), with x, y, width and height on every
// node (a group's children relative to it) and sections on every edge.
export function layoutGraph(graph) {
  return elk.layout(elkGraph(graph));
}

// An edge section's SVG path ('M x y L x y ...') and where its label goes: above the middle
// of its middle segment.
export function sectionPath(section) {
  const pts = [section.startPoint, ...(section.bendPoints || []), section.endPoint];
  const d = pts.map((p, k) => `${k ? 'L' : 'M'} ${p.x} ${p.y}`).join(' ');
  const mid = Math.floor((pts.length - 1) / 2);
  const label = { x: (pts[mid].x + pts[mid + 1].x) / 2, y: (pts[mid].y + pts[mid + 1].y) / 2 - 4 };
  return { d, label };
}

// The class names of a node's and an edge's SVG element.
export function nodeClass(n) {
  return ['node', n.focus && 'focus', n.pii && 'pii', n.cycle && 'on-cycle']
    .filter(Boolean)
    .join(' ');
}
export function edgeClass(e) {
  return ['edge', e.cycle && 'cycle', e.masked && 'masked'].filter(Boolean).join(' ');
}
