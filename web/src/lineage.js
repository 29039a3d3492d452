// A node's lineage: upstream, downstream or both, to a depth, at dataset or column level, as of
// any time (time travel), laid out left to right. Nodes are coloured by domain, PII-tainted
// ones badged, edges on a cycle red, masked column edges dashed.
import { get } from './api.js';
import { h } from './dom.js';
import { drawGraph } from './graph.js';
import { parseId, shortName } from './ids.js';

const MAX_NODES = 400; // per direction: a browser draws a few hundred nodes comfortably

// datetime-local value (read as UTC) <-> RFC 3339
function toRfc3339(local) {
  return local ? `${local.length === 16 ? `${local}:00` : local}Z` : '';
}
function toLocal(rfc3339) {
  return rfc3339 ? rfc3339.replace(/Z$/, '').slice(0, 19) : '';
}

async function fetchLineage(state) {
  const dirs =
    state.dir === 'both'
      ? ['provenance', 'impact']
      : [state.dir === 'upstream' ? 'provenance' : 'impact'];
  const params = {
    node: state.node,
    depth: state.depth === 'all' ? '' : state.depth,
    as_of: state.as_of,
    max_nodes: MAX_NODES,
  };
  const answers = await Promise.all(dirs.map((d) => get(`/v1/${d}`, params)));
  const nodes = new Map();
  const edges = new Map();
  const cycles = [];
  let partial = false;
  for (const a of answers) {
    for (const n of a.nodes) if (!nodes.has(n.id)) nodes.set(n.id, n);
    for (const e of a.edges) edges.set(`${e.from}|${e.to}|${e.via_job}`, e);
    cycles.push(...a.cycles);
    partial = partial || a.partial;
  }
  return {
    at: answers[0].at,
    nodes: [...nodes.values()],
    edges: [...edges.values()],
    cycles,
    partial,
  };
}

function toGraph(app, state, answer) {
  const onCycle = new Map(); // id -> cycle number
  answer.cycles.forEach((c, i) => c.forEach((id) => onCycle.set(id, i)));
  const nodes = answer.nodes
    .filter((n) => n.kind !== 'job')
    .map((n) => ({
      id: n.id,
      label: shortName(n.id),
      sub: [n.domain, n.distance ? `${n.distance} hop${n.distance > 1 ? 's' : ''}` : 'this node']
        .filter(Boolean)
        .join(' · '),
      color: app.colors.of(n.domain),
      pii: app.pii.has(n.id),
      focus: n.id === state.node,
      cycle: onCycle.has(n.id),
      title: `${n.id}\nowner: ${n.owner ?? 'unknown'}\ndomain: ${n.domain ?? 'none'}`,
    }));
  const shown = new Set(nodes.map((n) => n.id));
  const edges = answer.edges
    .filter((e) => shown.has(e.from) && shown.has(e.to))
    .map((e) => ({
      from: e.from,
      to: e.to,
      cycle: onCycle.has(e.from) && onCycle.get(e.from) === onCycle.get(e.to),
      masked: e.masking,
      job: e.via_job,
      title: `${shortName(e.from)} → ${shortName(e.to)} via ${e.via_job}${e.transformation ? ` (${e.transformation})` : ''}; log seqs ${e.seqs.join(', ')}`,
    }));
  return { nodes, edges };
}

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
  get('/v1/node', { id: datasetId })
    .then((d) => {
      const walk = (fields, parent) =>
        fields.forEach((f) => {
          const path = parent ? `${parent}.${f.name}` : f.name;
          const id = `datasetField:${d.namespace}:${d.name}:${path}`;
          columnSelect.appendChild(
            h('option', { value: id, selected: id === state.node }, `column ${path}`),
          );
          walk(f.fields || [], path);
        });
      walk(d.fields, '');
    })
    .catch(() => {});

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
      h('label', {}, 'as of (UTC) ', asOf),
      h('button', { type: 'button', id: 'now', onclick: () => go({ as_of: '' }) }, 'now'),
      h('a', { href: app.href('impact', { node: state.node }) }, 'impact of a change →'),
      status,
    ),
    canvas,
  );
  app.select(state.node);

  const answer = await fetchLineage(state);
  const graph = toGraph(app, state, answer);
  await drawGraph(canvas, graph, (id) => app.select(id));
  status.textContent =
    `${graph.nodes.length} nodes, ${graph.edges.length} edges` +
    (answer.cycles.length ? `, ${answer.cycles.length} cycle(s) in red` : '') +
    (answer.partial ? ` (partial: the first ${MAX_NODES} nodes each way)` : '') +
    ` · log size ${answer.at.size}` +
    (state.as_of ? ` · as of ${state.as_of}` : ' · now');
  status.dataset.nodes = String(graph.nodes.length);
}
