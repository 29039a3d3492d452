// The landing picture: the mesh's domains, each with its most connected data products, and how
// many lineage edges run between domains. A click on a product opens its lineage.
import { get } from './api.js';
import { h } from './dom.js';
import { drawGraph } from './graph.js';
import { shortName } from './ids.js';

const NO_DOMAIN = '(no domain)';

export async function showOverview(app, view) {
  const o = await get('/v1/overview', { per_domain: 5 });
  const canvas = h('div', { class: 'canvas', id: 'overview-canvas' });
  view.replaceChildren(
    h(
      'div',
      { class: 'toolbar' },
      h('h2', {}, 'The mesh'),
      h(
        'span',
        { class: 'muted' },
        `${o.domains.length} domains, ${o.domains.reduce((n, d) => n + d.datasets, 0)} datasets; ` +
          'boxes are domains with their most connected products, arrows count the lineage edges ' +
          'between them. Click a product for its lineage.',
      ),
    ),
    canvas,
  );
  const key = (name) => `domain:${name ?? NO_DOMAIN}`;
  const nodes = o.domains.map((d) => ({
    id: key(d.name),
    label: `${d.name ?? NO_DOMAIN} · ${d.datasets} dataset${d.datasets === 1 ? '' : 's'}`,
    sub: `${d.products} products`,
    color: app.colors.of(d.name),
    children: (d.top.length ? d.top : []).map((p) => ({
      id: p.id,
      label: shortName(p.id),
      sub: `${p.degree} lineage edges`,
      color: '#ffffff',
      pii: app.pii.has(p.id),
      title: p.id,
    })),
  }));
  // A domain with no product still needs something inside to be drawn as a box.
  for (const n of nodes)
    if (!n.children.length)
      n.children.push({ id: `${n.id}:empty`, label: 'no products', color: '#f6f7f9' });
  const edges = o.links.map((l) => ({
    from: key(l.from),
    to: key(l.to),
    label: String(l.edges),
    title: `${l.edges} lineage edges from ${l.from ?? NO_DOMAIN} to ${l.to ?? NO_DOMAIN}`,
  }));
  await drawGraph(canvas, { nodes, edges }, (id) => {
    if (id.startsWith('dataset:')) app.go('lineage', { node: id });
  });
}
