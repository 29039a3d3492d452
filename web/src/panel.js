// The side panel for the selected node: owner, domain, contract (SLO, lifecycle), deprecation
// notices, schema with tags, versions and the runs that wrote them, who can read it and why,
// and who read it lately. Log seqs link to the integrity view, which proves them. A section
// whose question fails shows its error; the rest of the panel still shows.
import { get, isNotFound, settle } from './api.js';
import { errorNote, h, nodeLink, table } from './dom.js';
import { accessReason, day, duration, principal, shortVersion } from './format.js';
import { columnsOf, parseId, shortName } from './ids.js';

function seqLinks(app, seqs) {
  const shown = seqs.slice(0, 6);
  const title = 'prove this event is in the log';
  const links = shown.map((s) =>
    h('a', { href: app.href('log', { seq: s }), class: 'seq', title }, `#${s}`),
  );
  const more = seqs.length > shown.length ? ` +${seqs.length - shown.length}` : '';
  return h('span', { class: 'seqs' }, links, more);
}

function section(title, ...body) {
  return h('section', {}, h('h3', {}, title), ...body);
}

function schemaTable(app, d, selectedField) {
  const tag = (t) => h('span', { class: `tag ${t.toUpperCase() === 'PII' ? 'pii' : ''}` }, t);
  const rows = columnsOf(d).map(({ path, id, field }) => [
    h(
      'a',
      { href: app.href('lineage', { node: id }), class: path === selectedField ? 'selected' : '' },
      path,
    ),
    field.type ?? '—',
    h('span', {}, field.tags.map(tag)),
  ]);
  return table(['column', 'type', 'tags'], rows, 'no schema logged');
}

function facts(app, d) {
  const chip = (domain) =>
    h('span', { class: 'chip', style: `background:${app.colors.of(domain)}` }, domain);
  const written = d.last_modified_at ? ` (${day(d.last_modified_at)})` : '';
  const declared =
    d.declared_seq !== null ? seqLinks(app, [d.declared_seq]) : 'never (seen in lineage only)';
  return h(
    'dl',
    {},
    ...[
      ['domain', d.domain ? chip(d.domain) : '—'],
      ['owner', d.owner ?? 'nobody (no owner)', 'panel-owner'],
      ['lifecycle', d.lifecycle_state ?? '—'],
      ['freshness SLO', d.freshness_slo_seconds ? duration(d.freshness_slo_seconds) : '—'],
      ['current version', [d.current_version ?? '—', written]],
      ['declared', declared],
    ].flatMap(([term, value, id]) => [h('dt', {}, term), h('dd', { id }, value)]),
  );
}

function deprecations(app, d) {
  if (!d.deprecations.length) return null;
  const now = new Date().toISOString();
  const notice = (n) =>
    h(
      'div',
      { class: `notice ${n.sunset > now ? 'live' : 'past'}` },
      `Sunset ${day(n.sunset)}${n.sunset > now ? '' : ' (passed)'}`,
      n.replacement ? h('span', {}, ' · use ', nodeLink(app, n.replacement)) : null,
      n.note ? ` · ${n.note}` : '',
      ' ',
      seqLinks(app, [n.seq]),
    );
  return section('Deprecation', ...d.deprecations.map(notice));
}

// GET /v1/versions answers 404 for a dataset no run has written: that is an answer, not an error.
function versionsTable(app, versions) {
  if (versions.error) {
    if (isNotFound(versions.error)) return h('p', { class: 'muted' }, 'never written by a run');
    return errorNote(versions.error);
  }
  const newest = versions.value.versions.slice().reverse().slice(0, 12);
  const rows = newest.map((v) => [
    shortVersion(v.version),
    day(v.written_at),
    v.job ? h('span', { title: `run ${v.run_id}` }, shortName(v.job)) : '—',
    seqLinks(app, v.seqs),
  ]);
  return table(['version', 'written', 'by job', 'log'], rows, 'never written by a run');
}

function accessTable(app, access) {
  if (access.error) return errorNote(access.error);
  const rows = access.value.principals.map((p) => [
    principal(p.principal),
    p.privilege,
    accessReason(p),
    p.expires_at ? day(p.expires_at) : 'never',
    seqLinks(app, p.seqs),
  ]);
  return table(
    ['principal', 'privilege', 'because', 'expires', 'log'],
    rows,
    'nobody holds a grant',
  );
}

function historyTable(history) {
  if (history.error) return errorNote(history.error);
  const rows = history.value.principals.map((p) => [
    principal(p.principal),
    p.reads,
    p.writes,
    day(p.last),
  ]);
  return table(['principal', 'reads', 'writes', 'last'], rows, 'no access recorded');
}

async function datasetPanel(app, id, field) {
  const d = await get('/v1/node', { id });
  const [versions, access, history] = await Promise.all([
    settle(get('/v1/versions', { dataset: id, depth: 0 })),
    settle(get('/v1/access', { dataset: id })),
    settle(get('/v1/access-history', { dataset: id })),
  ]);
  return [
    h('h2', { title: d.id }, d.name, d.product ? h('span', { class: 'badge' }, 'product') : null),
    h('p', { class: 'muted id' }, d.id),
    d.description ? h('p', {}, d.description) : null,
    facts(app, d),
    deprecations(app, d),
    section('Schema', schemaTable(app, d, field)),
    section('Versions and the runs that wrote them', versionsTable(app, versions)),
    section('Who can read it, and why', accessTable(app, access)),
    section('Recent access (30 days)', historyTable(history)),
  ];
}

async function jobPanel(app, id) {
  const j = await get('/v1/node', { id });
  const r = j.latest_run;
  const latest = r
    ? [`${r.state} ${day(r.completed_at ?? r.started_at)} `, seqLinks(app, r.seqs)]
    : '—';
  const list = (ids) => h('ul', {}, ...ids.map((i) => h('li', {}, nodeLink(app, i))));
  return [
    h('h2', { title: j.id }, j.name, h('span', { class: 'badge' }, 'job')),
    h('p', { class: 'muted id' }, j.id),
    h(
      'dl',
      {},
      h('dt', {}, 'runs'),
      h('dd', {}, j.runs),
      h('dt', {}, 'latest run'),
      h('dd', {}, latest),
    ),
    section('Reads', list(j.inputs)),
    section('Writes', list(j.outputs)),
  ];
}

export async function showPanel(app, panel, id) {
  panel.replaceChildren(h('p', { class: 'muted' }, 'loading…'));
  const p = parseId(id);
  try {
    const body =
      p?.kind === 'job'
        ? await jobPanel(app, id)
        : await datasetPanel(app, p ? p.dataset : id, p?.field);
    panel.replaceChildren(...body.filter(Boolean));
    panel.dataset.node = id;
  } catch (e) {
    panel.replaceChildren(errorNote(e));
  }
}
