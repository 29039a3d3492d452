// The side panel for the selected node: owner, domain, contract (SLO, lifecycle), deprecation
// notices, schema with tags, versions and the runs that wrote them, who can read it and why,
// and who read it lately. Log seqs link to the integrity view, which proves them.
import { get } from './api.js';
import { h, table } from './dom.js';
import { parseId, shortName } from './ids.js';

function duration(seconds) {
  if (seconds % 86400 === 0) return `${seconds / 86400} d`;
  if (seconds % 3600 === 0) return `${seconds / 3600} h`;
  if (seconds % 60 === 0) return `${seconds / 60} min`;
  return `${seconds} s`;
}

const day = (t) => (t ? t.slice(0, 19).replace('T', ' ') : '—');

function seqLinks(app, seqs) {
  const shown = seqs.slice(0, 6);
  return h(
    'span',
    { class: 'seqs' },
    shown.map((s) =>
      h(
        'a',
        {
          href: app.href('log', { seq: s }),
          class: 'seq',
          title: 'prove this event is in the log',
        },
        `#${s}`,
      ),
    ),
    seqs.length > shown.length ? ` +${seqs.length - shown.length}` : '',
  );
}

function nodeLink(app, id) {
  return h('a', { href: app.href('lineage', { node: id }), title: id }, shortName(id));
}

function principal(p) {
  return `${p.kind}:${p.name}`;
}

function section(title, ...body) {
  return h('section', {}, h('h3', {}, title), ...body);
}

function schemaTable(app, d, selectedField) {
  const rows = [];
  const walk = (fields, parent) =>
    fields.forEach((f) => {
      const path = parent ? `${parent}.${f.name}` : f.name;
      const col = `datasetField:${d.namespace}:${d.name}:${path}`;
      rows.push([
        h(
          'a',
          {
            href: app.href('lineage', { node: col }),
            class: path === selectedField ? 'selected' : '',
          },
          path,
        ),
        f.type ?? '—',
        h(
          'span',
          {},
          f.tags.map((t) =>
            h('span', { class: `tag ${t.toUpperCase() === 'PII' ? 'pii' : ''}` }, t),
          ),
        ),
      ]);
      walk(f.fields || [], path);
    });
  walk(d.fields, '');
  return table(['column', 'type', 'tags'], rows, 'no schema logged');
}

async function datasetPanel(app, id, field) {
  const d = await get('/v1/node', { id });
  const [versions, access, history] = await Promise.all([
    get('/v1/versions', { dataset: id, depth: 0 }).catch(() => null),
    get('/v1/access', { dataset: id }).catch(() => null),
    get('/v1/access-history', { dataset: id }).catch(() => null),
  ]);
  const now = new Date().toISOString();
  return [
    h('h2', { title: d.id }, d.name, d.product ? h('span', { class: 'badge' }, 'product') : null),
    h('p', { class: 'muted id' }, d.id),
    d.description ? h('p', {}, d.description) : null,
    h(
      'dl',
      {},
      h('dt', {}, 'domain'),
      h(
        'dd',
        {},
        d.domain
          ? h('span', { class: 'chip', style: `background:${app.colors.of(d.domain)}` }, d.domain)
          : '—',
      ),
      h('dt', {}, 'owner'),
      h('dd', { id: 'panel-owner' }, d.owner ?? 'nobody (no owner)'),
      h('dt', {}, 'lifecycle'),
      h('dd', {}, d.lifecycle_state ?? '—'),
      h('dt', {}, 'freshness SLO'),
      h('dd', {}, d.freshness_slo_seconds ? duration(d.freshness_slo_seconds) : '—'),
      h('dt', {}, 'current version'),
      h(
        'dd',
        {},
        d.current_version ?? '—',
        d.last_modified_at ? ` (${day(d.last_modified_at)})` : '',
      ),
      h('dt', {}, 'declared'),
      h(
        'dd',
        {},
        d.declared_seq !== null ? seqLinks(app, [d.declared_seq]) : 'never (seen in lineage only)',
      ),
    ),
    d.deprecations.length
      ? section(
          'Deprecation',
          ...d.deprecations.map((n) =>
            h(
              'div',
              { class: `notice ${n.sunset > now ? 'live' : 'past'}` },
              `Sunset ${day(n.sunset)}${n.sunset > now ? '' : ' (passed)'}`,
              n.replacement ? h('span', {}, ' · use ', nodeLink(app, n.replacement)) : null,
              n.note ? ` · ${n.note}` : '',
              ' ',
              seqLinks(app, [n.seq]),
            ),
          ),
        )
      : null,
    section('Schema', schemaTable(app, d, field)),
    section(
      'Versions and the runs that wrote them',
      versions
        ? table(
            ['version', 'written', 'by job', 'log'],
            versions.versions
              .slice()
              .reverse()
              .slice(0, 12)
              .map((v) => [
                v.version.length > 14 ? `${v.version.slice(0, 13)}…` : v.version,
                day(v.written_at),
                v.job ? h('span', { title: `run ${v.run_id}` }, shortName(v.job)) : '—',
                seqLinks(app, v.seqs),
              ]),
            'never written by a run',
          )
        : h('p', { class: 'muted' }, 'never written by a run'),
    ),
    section(
      'Who can read it, and why',
      access
        ? table(
            ['principal', 'privilege', 'because', 'expires', 'log'],
            access.principals.map((p) => [
              principal(p.principal),
              p.privilege,
              `${p.grant_id}: ${p.scope}${p.domain ? ` ${p.domain}` : ''}${p.columns.length ? ` (${p.columns.join(', ')})` : ''}` +
                (p.chain.length ? ` via ${p.chain.join(' ⊂ ')}` : ''),
              p.expires_at ? day(p.expires_at) : 'never',
              seqLinks(app, p.seqs),
            ]),
            'nobody holds a grant',
          )
        : null,
    ),
    section(
      'Recent access (30 days)',
      history
        ? table(
            ['principal', 'reads', 'writes', 'last'],
            history.principals.map((p) => [principal(p.principal), p.reads, p.writes, day(p.last)]),
            'no access recorded',
          )
        : null,
    ),
  ];
}

async function jobPanel(app, id) {
  const j = await get('/v1/node', { id });
  const r = j.latest_run;
  return [
    h('h2', { title: j.id }, j.name, h('span', { class: 'badge' }, 'job')),
    h('p', { class: 'muted id' }, j.id),
    h(
      'dl',
      {},
      h('dt', {}, 'runs'),
      h('dd', {}, j.runs),
      h('dt', {}, 'latest run'),
      h(
        'dd',
        {},
        r ? [`${r.state} ${day(r.completed_at ?? r.started_at)} `, seqLinks(app, r.seqs)] : '—',
      ),
    ),
    section(
      'Reads',
      h(
        'ul',
        {},
        j.inputs.map((i) => h('li', {}, nodeLink(app, i))),
      ),
    ),
    section(
      'Writes',
      h(
        'ul',
        {},
        j.outputs.map((o) => h('li', {}, nodeLink(app, o))),
      ),
    ),
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
    panel.replaceChildren(h('p', { class: 'error' }, e.message));
  }
}
