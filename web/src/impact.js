// "What breaks if this changes": everything downstream of a node, the owners to notify, and a
// proposed-schema box that asks the server's check-change which columns and consumers break.
import { get, post } from './api.js';
import { errorNote, h, nodeLink, table } from './dom.js';
import { downstream } from './graphs.js';
import { parseId, shortName } from './ids.js';

function renderCheck(app, r) {
  const verdicts = {
    safe: 'Safe: nothing downstream breaks',
    breaking_with_notice: 'Breaking, with a deprecation notice given',
    breaking_without_notice: 'Breaking, and no deprecation notice was given',
  };
  return h(
    'div',
    { id: 'check-result' },
    h('p', { class: `verdict ${r.verdict}` }, verdicts[r.verdict] ?? r.verdict),
    h('h4', {}, 'Changes'),
    table(
      ['change', 'field', 'was', 'becomes'],
      r.changes.map((c) => [c.kind, c.field, c.old_type ?? '—', c.renamed_to ?? c.new_type ?? '—']),
      'no change',
    ),
    h('h4', {}, 'What it breaks'),
    table(
      ['downstream', 'class', 'because of', 'owner'],
      r.impacts.map((i) => [
        nodeLink(app, i.id),
        i.class,
        i.column_lineage_known === false ? 'column lineage unknown' : (i.because ?? '—'),
        i.owner ?? 'nobody',
      ]),
      'nothing',
    ),
    h('h4', {}, 'Reads it, not derived from the changed fields'),
    table(
      ['downstream', 'owner'],
      (r.not_derived ?? []).map((i) => [nodeLink(app, i.id), i.owner ?? 'nobody']),
      'none',
    ),
    h('h4', {}, 'Who to tell'),
    h('p', {}, r.owners.length ? `Owners: ${r.owners.join(', ')}` : 'No owners downstream.'),
    h(
      'p',
      {},
      r.consumers.length ? `Recent readers: ${r.consumers.join(', ')}` : 'No recent readers.',
    ),
    r.deprecation
      ? h('p', {}, `Deprecation notice #${r.deprecation.seq}: sunset ${r.deprecation.sunset}`)
      : null,
  );
}

export async function showImpact(app, view, params) {
  const node = params.node;
  const p = parseId(node);
  if (!p || p.kind === 'job') throw new Error(`node: '${node}' is not a dataset or column id`);
  app.select(node);
  const [impact, dataset] = await Promise.all([
    get('/v1/impact', { node, max_nodes: 5000 }),
    get('/v1/node', { id: p.dataset }),
  ]);
  const { affected, owners } = downstream(impact);
  const schema = JSON.stringify(
    dataset.fields.map((f) => ({ name: f.name, type: f.type })),
    null,
    1,
  );
  const box = h(
    'textarea',
    {
      id: 'proposed-schema',
      rows: 12,
      spellcheck: 'false',
      'aria-label': 'proposed schema (JSON)',
    },
    schema,
  );
  const out = h('div', {});
  const check = async () => {
    out.replaceChildren(h('p', { class: 'muted' }, 'checking…'));
    try {
      let fields;
      try {
        fields = JSON.parse(box.value);
      } catch (e) {
        throw new Error(`schema: not JSON (${e.message})`);
      }
      out.replaceChildren(
        renderCheck(app, await post('/v1/check-change', { dataset: p.dataset, schema: fields })),
      );
    } catch (e) {
      out.replaceChildren(errorNote(e));
    }
  };
  view.replaceChildren(
    h(
      'div',
      { class: 'toolbar' },
      h('h2', { title: node }, `Impact of ${shortName(node)}`),
      h('a', { href: app.href('lineage', { node, dir: 'downstream' }) }, '← as a graph'),
      h('span', { class: 'muted' }, `log size ${impact.at.size}`),
    ),
    h(
      'div',
      { class: 'columns' },
      h(
        'div',
        {},
        h(
          'h3',
          {},
          `${affected.length} downstream datasets and columns${impact.partial ? ' (first 5,000)' : ''}`,
        ),
        table(
          ['downstream', 'hops', 'domain', 'owner'],
          affected.map((n) => [
            nodeLink(app, n.id),
            n.distance,
            n.domain ?? '—',
            n.owner ?? 'nobody',
          ]),
          'nothing downstream',
        ),
        h('h3', {}, 'Owners to notify'),
        h(
          'ul',
          { id: 'owners' },
          [...owners].map(([o, ns]) =>
            h('li', {}, h('b', {}, o), `: ${ns.map((n) => shortName(n.id)).join(', ')}`),
          ),
        ),
      ),
      h(
        'div',
        {},
        h('h3', {}, `Propose a schema for ${dataset.name}`),
        h(
          'p',
          { class: 'muted' },
          'Edit the fields (a JSON list of {name, type}) and check what the change breaks before it ships.',
        ),
        box,
        h('button', { type: 'button', id: 'check-change', onclick: check }, 'Check change'),
        out,
      ),
    ),
  );
}
