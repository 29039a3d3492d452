// Log integrity: the log's size and Merkle root, and for a chosen event an inclusion proof
// checked in the browser (Web Crypto SHA-256): the record hashes to its leaf, the proof leads
// from the leaf to the root, and the root is the log head's. Above it the log's latest signed
// checkpoint (C2SP), checked here against the log's verifier key the auditor pastes (kept in
// this browser), not one the server would hand out.
import { get, isNotFound, settle, text } from './api.js';
import { errorNote, h } from './dom.js';
import { verifyEntry } from './merkle.js';
import { verifyCheckpoint } from './note.js';

const LOG_KEY = 'auditgraph.logKey';

// The signed checkpoint block: the note, a key field and its verdict.
function checkpointBlock(note, head) {
  if (note.error) {
    return h(
      'p',
      { class: 'muted', id: 'checkpoint-none' },
      isNotFound(note.error)
        ? 'This server signs no checkpoints (serve --signing-key).'
        : `Signed checkpoint: ${note.error.message}`,
    );
  }
  const key = h('input', {
    type: 'text',
    id: 'log-key',
    size: 60,
    value: localStorage.getItem(LOG_KEY) || '',
    placeholder: 'origin+keyid+base64 (auditgraph key generate prints it)',
    'aria-label': "the log's verifier key",
  });
  const verdict = h('div', { id: 'checkpoint-result' });
  const check = async () => {
    localStorage.setItem(LOG_KEY, key.value.trim());
    const result = await verifyCheckpoint(note.value, key.value, head);
    verdict.replaceChildren(
      h(
        'p',
        {
          class: `verdict ${result.ok ? 'safe' : 'breaking_without_notice'}`,
          id: 'checkpoint-verdict',
        },
        result.ok
          ? `Checkpoint of size ${result.checkpoint.size} signed by the log's key: verified in this browser.`
          : 'Checkpoint: NOT verified.',
      ),
      h(
        'ul',
        { class: 'steps', id: 'checkpoint-steps' },
        result.steps.map((s) =>
          h('li', { class: s.ok ? 'ok' : 'bad' }, `${s.ok ? '✓' : '✗'} ${s.what}`),
        ),
      ),
    );
  };
  return h(
    'div',
    {},
    h('h3', {}, 'Signed checkpoint'),
    h('pre', { class: 'checkpoint', id: 'checkpoint' }, note.value),
    h(
      'p',
      {},
      h('label', {}, "log's verifier key ", key),
      ' ',
      h('button', { type: 'button', id: 'verify-checkpoint', onclick: check }, 'Verify signature'),
    ),
    verdict,
  );
}

export async function showLog(app, view, params) {
  const [head, note] = await Promise.all([get('/v1/log/head'), settle(text('/checkpoint'))]);
  const seq = h('input', {
    type: 'number',
    id: 'seq',
    min: 0,
    max: head.size - 1,
    value: params.seq ?? head.size - 1,
    'aria-label': 'log seq',
  });
  const result = h('div', { id: 'verify-result' });
  const event = h('pre', { class: 'event' });
  const verify = async () => {
    result.replaceChildren(h('p', { class: 'muted' }, 'verifying…'));
    try {
      const n = Number(seq.value);
      const now = await get('/v1/log/head');
      const [entry, proof] = await Promise.all([
        get(`/v1/log/entries/${n}`),
        get('/v1/log/proof/inclusion', { seq: n, size: now.size }),
      ]);
      const { record, leaf_hash, ...shown } = entry;
      event.textContent = JSON.stringify(shown, null, 2);
      const check = await verifyEntry(entry, proof, now);
      result.replaceChildren(
        h(
          'p',
          { class: `verdict ${check.ok ? 'safe' : 'breaking_without_notice'}`, id: 'verdict' },
          check.ok
            ? `Event #${n} is in the log of size ${now.size}: verified in this browser.`
            : `Event #${n}: NOT verified.`,
        ),
        h(
          'ul',
          { class: 'steps' },
          check.steps.map((s) =>
            h('li', { class: s.ok ? 'ok' : 'bad' }, `${s.ok ? '✓' : '✗'} ${s.what}`),
          ),
        ),
      );
    } catch (e) {
      result.replaceChildren(errorNote(e));
    }
  };
  view.replaceChildren(
    h('div', { class: 'toolbar' }, h('h2', {}, 'Log integrity')),
    h(
      'dl',
      {},
      h('dt', {}, 'size'),
      h('dd', { id: 'log-size' }, head.size.toLocaleString('en')),
      h('dt', {}, 'root'),
      h('dd', { class: 'hash' }, head.root),
    ),
    checkpointBlock(note, head),
    h(
      'p',
      {},
      'Every event is a leaf of an RFC 6962 Merkle tree. Pick an event and check, here in your browser, that it is in the log whose root you see.',
    ),
    h(
      'p',
      {},
      h('label', {}, 'event seq ', seq),
      ' ',
      h('button', { type: 'button', id: 'verify', onclick: verify }, 'Verify inclusion'),
    ),
    result,
    event,
  );
  if (params.seq !== undefined) await verify();
}
