// A directed graph drawn as SVG, laid out left to right by ELK's layered algorithm (elkjs).
// Nodes: {id, label, sub, color, pii, focus, cycle, title, children?}; a node with children is
// a group drawn as a titled box around them (the overview's domains). Edges: {from, to, cycle,
// masked, title, label, job}. Clicking a node calls onSelect(id), clicking an edge with a job
// onSelect(job). The wheel zooms, dragging the background pans. Where things go is layout.js's.
import { clip, edgeClass, layoutGraph, nodeClass, sectionPath } from './layout.js';

const SVG = 'http://www.w3.org/2000/svg';

function el(name, attrs = {}, parent = null) {
  const e = document.createElementNS(SVG, name);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  if (parent) parent.appendChild(e);
  return e;
}

// Lays out and draws `graph` into `container` (replacing what was there). Resolves once drawn.
export async function drawGraph(container, graph, onSelect) {
  const layout = await layoutGraph(graph);
  container.replaceChildren();
  const pad = 20;
  const svg = el('svg', {
    class: 'graph',
    role: 'img',
    'aria-label': `graph of ${graph.nodes.length} nodes`,
    viewBox: `${-pad} ${-pad} ${layout.width + 2 * pad} ${layout.height + 2 * pad}`,
  });
  const defs = el('defs', {}, svg);
  for (const [id, color] of [
    ['arrow', '#5b6472'],
    ['arrow-cycle', '#c0392b'],
  ]) {
    const m = el(
      'marker',
      {
        id,
        viewBox: '0 0 10 10',
        refX: 9,
        refY: 5,
        markerWidth: 7,
        markerHeight: 7,
        orient: 'auto-start-reverse',
      },
      defs,
    );
    el('path', { d: 'M 0 0 L 10 5 L 0 10 z', fill: color }, m);
  }
  const world = el('g', {}, svg);
  const edgesLayer = el('g', { class: 'edges' }, world);
  const nodesLayer = el('g', { class: 'nodes' }, world);

  layout.edges.forEach((le, i) => {
    const e = graph.edges[i];
    for (const s of le.sections || []) {
      const { d, label } = sectionPath(s);
      const path = el(
        'path',
        {
          d,
          class: edgeClass(e),
          'marker-end': `url(#${e.cycle ? 'arrow-cycle' : 'arrow'})`,
          'data-from': e.from,
          'data-to': e.to,
        },
        edgesLayer,
      );
      if (e.title) el('title', {}, path).textContent = e.title;
      if (e.job && onSelect) {
        // A wider invisible stroke over the edge, so a thin line is easy to click.
        const hit = el('path', { d, class: 'edge-hit', 'data-job': e.job }, edgesLayer);
        if (e.title) el('title', {}, hit).textContent = e.title;
        hit.addEventListener('click', () => onSelect(e.job));
      }
      if (e.label) {
        el(
          'text',
          { x: label.x, y: label.y, class: 'edge-label', 'text-anchor': 'middle' },
          edgesLayer,
        ).textContent = e.label;
      }
    }
  });

  const byId = new Map();
  const index = (list) =>
    list.forEach((n) => {
      byId.set(n.id, n);
      if (n.children) index(n.children);
    });
  index(graph.nodes);
  const drawNode = (ln, parent) => {
    const n = byId.get(ln.id);
    if (n.children) {
      const g = el(
        'g',
        { class: 'group', transform: `translate(${ln.x} ${ln.y})`, 'data-id': n.id },
        parent,
      );
      el('rect', { width: ln.width, height: ln.height, rx: 10, fill: n.color || '#f6f7f9' }, g);
      el('text', { x: 10, y: 19, class: 'group-label' }, g).textContent = clip(n.label, ln.width);
      if (n.sub) el('title', {}, g).textContent = n.sub;
      for (const c of ln.children || []) drawNode(c, g);
      return;
    }
    const g = el(
      'g',
      {
        class: nodeClass(n),
        transform: `translate(${ln.x} ${ln.y})`,
        'data-id': n.id,
        tabindex: 0,
      },
      parent,
    );
    el('title', {}, g).textContent = n.title || n.id;
    el('rect', { width: ln.width, height: ln.height, rx: 6, fill: n.color || '#ffffff' }, g);
    el('text', { x: 8, y: 16, class: 'label' }, g).textContent = clip(n.label, ln.width);
    if (n.sub) el('text', { x: 8, y: 31, class: 'sub' }, g).textContent = clip(n.sub, ln.width);
    if (n.pii) {
      el('rect', { x: ln.width - 30, y: -7, width: 28, height: 14, rx: 7, class: 'pii-badge' }, g);
      el(
        'text',
        { x: ln.width - 16, y: 3.5, class: 'pii-text', 'text-anchor': 'middle' },
        g,
      ).textContent = 'PII';
    }
    const pick = () => onSelect && onSelect(n.id);
    g.addEventListener('click', pick);
    g.addEventListener('keydown', (ev) => (ev.key === 'Enter' ? pick() : null));
  };
  for (const ln of layout.children) drawNode(ln, nodesLayer);
  container.appendChild(svg);
  panZoom(svg, layout.width + 2 * pad, layout.height + 2 * pad, pad);
  return svg;
}

// Wheel zoom around the pointer, drag to pan, by moving the viewBox.
function panZoom(svg, w, h, pad) {
  let box = { x: -pad, y: -pad, w, h };
  const apply = () => svg.setAttribute('viewBox', `${box.x} ${box.y} ${box.w} ${box.h}`);
  svg.addEventListener(
    'wheel',
    (ev) => {
      ev.preventDefault();
      const r = svg.getBoundingClientRect();
      const k = ev.deltaY > 0 ? 1.15 : 1 / 1.15;
      const px = box.x + ((ev.clientX - r.left) / r.width) * box.w;
      const py = box.y + ((ev.clientY - r.top) / r.height) * box.h;
      box = { x: px - (px - box.x) * k, y: py - (py - box.y) * k, w: box.w * k, h: box.h * k };
      apply();
    },
    { passive: false },
  );
  let drag = null;
  svg.addEventListener('pointerdown', (ev) => {
    if (ev.target.closest('.node')) return;
    drag = { x: ev.clientX, y: ev.clientY, box: { ...box } };
    svg.setPointerCapture(ev.pointerId);
  });
  svg.addEventListener('pointermove', (ev) => {
    if (!drag) return;
    const r = svg.getBoundingClientRect();
    box.x = drag.box.x - ((ev.clientX - drag.x) / r.width) * box.w;
    box.y = drag.box.y - ((ev.clientY - drag.y) / r.height) * box.h;
    apply();
  });
  svg.addEventListener('pointerup', () => (drag = null));
}
