// The landing picture: the mesh's domains, each with its most connected data products, and how
// many lineage edges run between domains. A click on a product opens its lineage.
import { get } from './api.js';
import { h } from './dom.js';
import { drawGraph } from './graph.js';
import { overviewGraph } from './graphs.js';

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
  const graph = overviewGraph(o, { colors: app.colors, pii: app.pii });
  await drawGraph(canvas, graph, (id) => {
    if (id.startsWith('dataset:')) app.go('lineage', { node: id });
  });
}
