// The page: a header (search, the log's head, the report, the token), a view chosen by the URL's
// hash (#/ overview, #/lineage?node=..., #/impact?node=..., #/log?seq=...) and a side panel for
// the selected node.
import { ApiError, blob, get, setToken, settle, token } from './api.js';
import { errorNote, h } from './dom.js';
import { piiMarks } from './graphs.js';
import { DomainColors } from './ids.js';
import { showImpact } from './impact.js';
import { showLog } from './integrity.js';
import { showLineage } from './lineage.js';
import { showOverview } from './overview.js';
import { showPanel } from './panel.js';
import { parseViewHref, viewHref } from './query.js';
import { attachSearch } from './search.js';

const view = document.getElementById('view');
const panel = document.getElementById('panel');

const app = {
  colors: new DomainColors(),
  pii: new Set(), // datasets and columns PII flows into (unmasked), and the tagged columns
  href: viewHref,
  go(name, params) {
    location.hash = app.href(name, params);
  },
  select(id) {
    if (panel.dataset.node !== id) showPanel(app, panel, id);
  },
};

const views = { '': showOverview, lineage: showLineage, impact: showImpact, log: showLog };

async function route() {
  const { view: path, params } = parseViewHref(location.hash);
  const show = views[path];
  view.dataset.view = path || 'overview';
  view.setAttribute('aria-busy', 'true');
  try {
    if (!show) throw new Error(`no page '${path}'`);
    await show(app, view, params);
  } catch (e) {
    view.replaceChildren(errorNote(e));
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

// The domains' colours and the PII marks every view draws. Without them the views still work,
// but a PII mark missing would say "no PII" where there may be some: the header says so.
async function loadContext() {
  const [overview, pii] = await Promise.all([
    settle(get('/v1/overview', { per_domain: 0 })),
    settle(get('/v1/pii-reach')),
  ]);
  if (overview.value) app.colors = new DomainColors(overview.value.domains.map((d) => d.name));
  if (pii.value) app.pii = piiMarks(pii.value);
  const failed = [
    overview.error && `domain colours (${overview.error.message})`,
    pii.error && `PII marks (${pii.error.message})`,
  ].filter(Boolean);
  if (failed.length) {
    const note = `Not shown: ${failed.join(', ')}`;
    document
      .querySelector('header')
      .append(h('span', { class: 'error', id: 'context-error' }, note));
  }
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
