// The graphs the views draw (graph.js's {nodes, edges}), built from the API's answers. Pure:
// no DOM, no fetching; the views pass what they know of the page (domain colours, PII marks).
import { parseId, shortName } from './ids.js';

// The GETs a lineage view makes: upstream is /v1/provenance, downstream /v1/impact, both is
// both; depth 'all' is no limit, and max_nodes caps each direction.
export function lineageRequests(state, maxNodes) {
  const dirs = {
    both: ['provenance', 'impact'],
    upstream: ['provenance'],
    downstream: ['impact'],
  }[state.dir] ?? ['impact'];
  const params = {
    node: state.node,
    depth: state.depth === 'all' ? '' : state.depth,
    as_of: state.as_of,
    max_nodes: maxNodes,
  };
  return dirs.map((d) => ({ path: `/v1/${d}`, params }));
}

// One answer from the answers of lineageRequests: each node once (the first answer's, which
// has the query node at distance 0), each edge once (by its ends and job), every cycle.
export function mergeLineage(answers) {
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

function hops(distance) {
  if (!distance) return 'this node';
  return `${distance} hop${distance > 1 ? 's' : ''}`;
}

// The lineage graph of a merged answer: datasets and columns (jobs are the edges' `job`),
// coloured by domain, PII marked, `focus` the query node. Cycles are lists of node ids (strongly
// connected components; both directions may name one): an edge whose ends are on one is red.
export function lineageGraph(answer, { focus, colors, pii }) {
  const cyclesOf = new Map(); // id -> the numbers of the cycles it is on
  answer.cycles.forEach((cycle, i) => {
    for (const id of cycle) cyclesOf.set(id, (cyclesOf.get(id) ?? new Set()).add(i));
  });
  const sameCycle = (a, b) => [...(cyclesOf.get(a) ?? [])].some((i) => cyclesOf.get(b)?.has(i));
  const nodes = answer.nodes
    .filter((n) => n.kind !== 'job')
    .map((n) => ({
      id: n.id,
      label: shortName(n.id),
      sub: [n.domain, hops(n.distance)].filter(Boolean).join(' · '),
      color: colors.of(n.domain),
      pii: pii.has(n.id),
      focus: n.id === focus,
      cycle: cyclesOf.has(n.id),
      title: `${n.id}\nowner: ${n.owner ?? 'unknown'}\ndomain: ${n.domain ?? 'none'}`,
    }));
  const shown = new Set(nodes.map((n) => n.id));
  const edges = answer.edges
    .filter((e) => shown.has(e.from) && shown.has(e.to))
    .map((e) => {
      const how = e.transformation ? ` (${e.transformation})` : '';
      return {
        from: e.from,
        to: e.to,
        cycle: sameCycle(e.from, e.to),
        masked: e.masking,
        job: e.via_job,
        title: `${shortName(e.from)} → ${shortName(e.to)} via ${e.via_job}${how}; log seqs ${e.seqs.join(', ')}`,
      };
    });
  return { nodes, edges };
}

export const NO_DOMAIN = '(no domain)';

// The overview's graph (GET /v1/overview): a group per domain holding its top products, and
// an edge per pair of domains lineage runs between, labelled with how many edges.
export function overviewGraph(overview, { colors, pii }) {
  const key = (name) => `domain:${name ?? NO_DOMAIN}`;
  const nodes = overview.domains.map((d) => {
    const id = key(d.name);
    const products = d.top.map((p) => ({
      id: p.id,
      label: shortName(p.id),
      sub: `${p.degree} lineage edges`,
      color: '#ffffff',
      pii: pii.has(p.id),
      title: p.id,
    }));
    // A domain with no product still needs something inside to be drawn as a box.
    const empty = { id: `${id}:empty`, label: 'no products', color: '#f6f7f9' };
    return {
      id,
      label: `${d.name ?? NO_DOMAIN} · ${d.datasets} dataset${d.datasets === 1 ? '' : 's'}`,
      sub: `${d.products} products`,
      color: colors.of(d.name),
      children: products.length ? products : [empty],
    };
  });
  const edges = overview.links.map((l) => ({
    from: key(l.from),
    to: key(l.to),
    label: String(l.edges),
    title: `${l.edges} lineage edges from ${l.from ?? NO_DOMAIN} to ${l.to ?? NO_DOMAIN}`,
  }));
  return { nodes, edges };
}

// What an impact answer (GET /v1/impact) reaches: the datasets and columns downstream of the
// node (not the node, not the jobs), and their owners, each with the nodes they own, in the
// order the answer first names them.
export function downstream(impact) {
  const affected = impact.nodes.filter((n) => n.kind !== 'job' && n.distance > 0);
  const owners = new Map();
  for (const n of affected) {
    const o = n.owner ?? '(no owner)';
    if (!owners.has(o)) owners.set(o, []);
    owners.get(o).push(n);
  }
  return { affected, owners };
}

// What the page marks as PII, from GET /v1/pii-reach: the tagged columns and their datasets,
// and the columns and datasets PII reaches unmasked.
export function piiMarks(reach) {
  const marks = new Set();
  for (const s of reach.sources) {
    marks.add(s.column);
    marks.add(parseId(s.column)?.dataset);
  }
  for (const r of reach.reached) {
    marks.add(r.column);
    marks.add(r.dataset);
  }
  marks.delete(undefined);
  marks.delete(null);
  return marks;
}
