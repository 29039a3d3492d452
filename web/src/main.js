// The page: a header (search, the log's head, the report, the token), a view chosen by the URL's
// hash (#/ overview, #/lineage?node=..., #/impact?node=..., #/log?seq=...) and a side panel for
// the selected node.
import { ApiError, blob, get, setToken, token } from './api.js';
import { h } from './dom.js';
import { DomainColors, parseId } from './ids.js';
import { showImpact } from './impact.js';
import { showLog } from './integrity.js';
import { showLineage } from './lineage.js';
import { showOverview } from './overview.js';
import { showPanel } from './panel.js';
import { attachSearch } from './search.js';

const view = document.getElementById('view');
const panel = document.getElementById('panel');

const app = {
  colors: new DomainColors(),
  pii: new Set(), // datasets and columns PII flows into (unmasked), and the tagged columns
  href(name, params = {}) {
    const q = new URLSearchParams(
      Object.entries(params).filter(([, v]) => v !== undefined && v !== ''),
    );
    return `#/${name}${q.toString() ? `?${q}` : ''}`;
  },
  go(name, params) {
    location.hash = app.href(name, params);
  },
  select(id) {
    if (panel.dataset.node !== id) showPanel(app, panel, id);
  },
};

const views = { '': showOverview, lineage: showLineage, impact: showImpact, log: showLog };

async function route() {
  const [path, query] = location.hash.replace(/^#\/?/, '').split('?');
  const params = Object.fromEntries(new URLSearchParams(query || ''));
  const show = views[path];
  view.dataset.view = path || 'overview';
  view.setAttribute('aria-busy', 'true');
  try {
    if (!show) throw new Error(`no page '${path}'`);
    await show(app, view, params);
  } catch (e) {
    view.replaceChildren(h('p', { class: 'error' }, e.message));
    if (e instanceof ApiError && e.status === 401) askToken('The server wants a token (401).');
  } finally {
    view.removeAttribute('aria-busy');
  }
}

async function refreshHead() {
  try {
    const head = await get('/v1/log/head');
    document
      .getElementById('head')
      .replaceChildren(
        h(
          'a',
          { href: app.href('log'), title: `Merkle root ${head.root}` },
          `log: ${head.size.toLocaleString('en')} events · root ${head.root.slice(0, 12)}…`,
        ),
      );
  } catch (e) {
    document.getElementById('head').textContent = e.message;
  }
}

async function loadContext() {
  const [overview, pii] = await Promise.all([
    get('/v1/overview', { per_domain: 0 }).catch(() => ({ domains: [] })),
    get('/v1/pii-reach').catch(() => ({ sources: [], reached: [] })),
  ]);
  app.colors = new DomainColors(overview.domains.map((d) => d.name));
  for (const s of pii.sources) app.pii.add(s.column);
  for (const r of pii.reached) {
    app.pii.add(r.column);
    app.pii.add(r.dataset);
  }
  for (const s of pii.sources) app.pii.add(parseId(s.column)?.dataset);
}

function askToken(why) {
  const input = h('input', {
    type: 'password',
    id: 'token-input',
    placeholder: 'agt_…',
    value: token(),
  });
  const dialog = h(
    'dialog',
    { id: 'token-dialog' },
    h(
      'form',
      { method: 'dialog' },
      h('p', {}, why || 'A bearer token (auditgraph token add --role audit) for this browser tab.'),
      input,
      h(
        'menu',
        {},
        h('button', { value: 'cancel' }, 'Cancel'),
        h('button', { value: 'ok', id: 'token-ok' }, 'Use token'),
      ),
    ),
  );
  dialog.addEventListener('close', () => {
    if (dialog.returnValue === 'ok') {
      setToken(input.value.trim());
      location.reload();
    }
    dialog.remove();
  });
  document.body.appendChild(dialog);
  dialog.showModal();
}

// The compliance report of the last 30 days, opened in a new tab (fetched with the token).
async function openReport(ev) {
  if (!token()) return; // the plain link works without a token
  ev.preventDefault();
  try {
    const url = URL.createObjectURL(await blob('/v1/report', { format: 'html' }));
    window.open(url, '_blank');
  } catch (e) {
    alert(e.message);
  }
}

document.getElementById('report').addEventListener('click', openReport);
document.getElementById('token').addEventListener('click', () => askToken());
attachSearch(app, document.getElementById('search'));
window.addEventListener('hashchange', route);
await loadContext();
refreshHead();
route();
