// A node's lineage: upstream, downstream or both, to a depth, at dataset or column level, as of
// any time (time travel), laid out left to right. Nodes are coloured by domain, PII-tainted
// ones badged, edges on a cycle red, masked column edges dashed.
import { get } from './api.js';
import { h } from './dom.js';
import { toLocal, toRfc3339 } from './format.js';
import { drawGraph } from './graph.js';
import { lineageGraph, lineageRequests, mergeLineage } from './graphs.js';
import { columnsOf, parseId, shortName } from './ids.js';

const MAX_NODES = 400; // per direction: a browser draws a few hundred nodes comfortably

export async function showLineage(app, view, params) {
  const state = {
    node: params.node,
    dir: params.dir || 'both',
    depth: params.depth || '2',
    as_of: params.as_of || '',
  };
  const parsed = parseId(state.node);
  if (!parsed || parsed.kind === 'job')
    throw new Error(`node: '${state.node}' is not a dataset or column id`);
  const datasetId = parsed.dataset;
  const go = (change) => app.go('lineage', { ...state, ...change });

  // Column level: pick one of the dataset's columns.
  const columnSelect = h(
    'select',
    {
      id: 'column',
      'aria-label': 'column',
      onchange: (e) => go({ node: e.target.value || datasetId }),
    },
    h('option', { value: '' }, 'dataset level'),
  );
  // Its columns come with the dataset's node; without them the view still draws the dataset's
  // lineage, and says beside the menu why it offers no columns.
  const columnError = h('span', { class: 'error', id: 'column-error', hidden: true });
  get('/v1/node', { id: datasetId })
    .then((d) => {
      for (const { path, id } of columnsOf(d)) {
        columnSelect.appendChild(
          h('option', { value: id, selected: id === state.node }, `column ${path}`),
        );
      }
    })
    .catch((e) => {
      columnError.textContent = `no columns to pick: ${e.message}`;
      columnError.hidden = false;
    });

  const asOf = h('input', {
    type: 'datetime-local',
    id: 'as-of',
    step: 1,
    value: toLocal(state.as_of),
    'aria-label': 'as of (UTC)',
    onchange: (e) => go({ as_of: toRfc3339(e.target.value) }),
  });
  const status = h('span', { class: 'muted', id: 'lineage-status' }, 'loading…');
  const canvas = h('div', { class: 'canvas', id: 'lineage-canvas' });
  view.replaceChildren(
    h(
      'div',
      { class: 'toolbar' },
      h('h2', { title: state.node }, shortName(state.node)),
      h(
        'label',
        {},
        'direction ',
        h(
          'select',
          { id: 'direction', onchange: (e) => go({ dir: e.target.value }) },
          ['both', 'upstream', 'downstream'].map((d) =>
            h('option', { value: d, selected: d === state.dir }, d),
          ),
        ),
      ),
      h(
        'label',
        {},
        'depth ',
        h(
          'select',
          { id: 'depth', onchange: (e) => go({ depth: e.target.value }) },
          ['1', '2', '3', '5', '10', 'all'].map((d) =>
            h('option', { value: d, selected: d === state.depth }, d),
          ),
        ),
      ),
      h('label', {}, 'level ', columnSelect),
      columnError,
      h('label', {}, 'as of (UTC) ', asOf),
      h('button', { type: 'button', id: 'now', onclick: () => go({ as_of: '' }) }, 'now'),
      h('a', { href: app.href('impact', { node: state.node }) }, 'impact of a change →'),
      status,
    ),
    canvas,
  );
  app.select(state.node);

  const requests = lineageRequests(state, MAX_NODES);
  const answer = mergeLineage(await Promise.all(requests.map((r) => get(r.path, r.params))));
  const graph = lineageGraph(answer, { focus: state.node, colors: app.colors, pii: app.pii });
  await drawGraph(canvas, graph, (id) => app.select(id));
  status.textContent =
    `${graph.nodes.length} nodes, ${graph.edges.length} edges` +
    (answer.cycles.length ? `, ${answer.cycles.length} cycle(s) in red` : '') +
    (answer.partial ? ` (partial: the first ${MAX_NODES} nodes each way)` : '') +
    ` · log size ${answer.at.size}` +
    (state.as_of ? ` · as of ${state.as_of}` : ' · now');
  status.dataset.nodes = String(graph.nodes.length);
}
