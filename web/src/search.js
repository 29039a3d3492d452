// The header's search box: datasets, jobs and principals by name, domain, owner and tag
// (GET /v1/search), as a list under the box; Enter or a click opens a dataset's lineage or a
// job's panel.
import { get } from './api.js';
import { h } from './dom.js';
import { shortName } from './ids.js';

export function attachSearch(app, input) {
  const list = h('ul', { id: 'search-results', role: 'listbox', hidden: true });
  input.after(list);
  let timer = null;
  let asked = 0;
  const open = (hit) => {
    list.hidden = true;
    if (hit.kind === 'dataset') app.go('lineage', { node: hit.id });
    else if (hit.kind === 'job') app.select(hit.id);
  };
  const run = async () => {
    const q = input.value.trim();
    if (!q) {
      list.hidden = true;
      return;
    }
    const mine = ++asked;
    try {
      const r = await get('/v1/search', { q, limit: 20 });
      if (mine !== asked) return; // a later keystroke's answer wins
      list.replaceChildren(
        ...r.hits.map((hit) =>
          h(
            'li',
            {
              role: 'option',
              class: `hit ${hit.kind}`,
              dataset: { id: hit.id },
              onclick: () => open(hit),
            },
            h('span', { class: 'kind' }, hit.kind),
            h('b', {}, hit.kind === 'principal' ? hit.id : shortName(hit.id)),
            h(
              'span',
              { class: 'muted' },
              [hit.domain, hit.owner, hit.tags.join(' ')].filter(Boolean).join(' · '),
            ),
            h('span', { class: 'matched' }, `matched ${hit.matched}`),
          ),
        ),
        r.total > r.hits.length
          ? h('li', { class: 'muted' }, `${r.total - r.hits.length} more…`)
          : '',
        r.total === 0 ? h('li', { class: 'muted' }, 'nothing matches') : '',
      );
      list.hidden = false;
    } catch (e) {
      list.replaceChildren(h('li', { class: 'error' }, e.message));
      list.hidden = false;
    }
  };
  input.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(run, 150);
  });
  input.addEventListener('keydown', (ev) => {
    if (ev.key === 'Enter') {
      const first = list.querySelector('li.hit');
      if (first) first.click();
    } else if (ev.key === 'Escape') {
      list.hidden = true;
    }
  });
}
