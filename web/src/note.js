// C2SP signed notes and checkpoints, checked in the browser: the log's verifier key (the one an
// auditor keeps, not one the server hands out), the note's Ed25519 signature through Web Crypto
// where the browser has Ed25519, and the checkpoint's size and root against the log's head.

const subtle = () => globalThis.crypto.subtle;
const DASH = '\u2014 ';
const TEXT = new TextEncoder();

function fromBase64(text, what) {
  if (!/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(text))
    throw new Error(`${what}: not base64`);
  const bin = atob(text);
  return Uint8Array.from(bin, (c) => c.charCodeAt(0));
}

function u32(bytes) {
  return ((bytes[0] << 24) | (bytes[1] << 16) | (bytes[2] << 8) | bytes[3]) >>> 0;
}

// The key ID of a key: SHA-256(name || 0x0A || type || public key)[0:4], as a number.
export async function keyId(name, type, publicKey) {
  const n = TEXT.encode(`${name}\n`);
  const buf = new Uint8Array(n.length + 1 + publicKey.length);
  buf.set(n);
  buf[n.length] = type;
  buf.set(publicKey, n.length + 1);
  return u32(new Uint8Array(await subtle().digest('SHA-256', buf)));
}

// "<name>+<8 hex digits>+<base64(type || key)>" -> { name, id, type, publicKey }; throws naming
// what is wrong, including a key ID that does not match the key.
export async function parseVerifierKey(vkey) {
  const m = /^([^+\s]+)\+([0-9a-f]{8})\+(\S+)$/.exec(vkey.trim());
  if (!m) throw new Error('key: not <name>+<8 hex digits>+<base64 key>');
  const raw = fromBase64(m[3], 'key');
  if (raw.length !== 33 || raw[0] !== 1)
    throw new Error('key: not an Ed25519 note key (type 0x01)');
  const key = { name: m[1], id: parseInt(m[2], 16), type: raw[0], publicKey: raw.slice(1) };
  if ((await keyId(key.name, key.type, key.publicKey)) !== key.id)
    throw new Error('key: its key ID does not match the key');
  return key;
}

// A signed note's text -> { body, signatures: [{ name, id, signature }] }; throws when it is
// not a note.
export function parseNote(text) {
  const split = text.lastIndexOf('\n\n');
  if (split < 0 || !text.endsWith('\n'))
    throw new Error('note: no empty line before the signatures');
  const body = text.slice(0, split + 1);
  const signatures = text
    .slice(split + 2, -1)
    .split('\n')
    .map((line, i) => {
      const space = line.lastIndexOf(' ');
      if (!line.startsWith(DASH) || space <= DASH.length)
        throw new Error(`note: signature line ${i + 1} is malformed`);
      const raw = fromBase64(line.slice(space + 1), `note: signature line ${i + 1}`);
      if (raw.length < 5) throw new Error(`note: signature line ${i + 1} is too short`);
      return { name: line.slice(DASH.length, space), id: u32(raw), signature: raw.slice(4) };
    });
  return { body, signatures };
}

// A checkpoint body -> { origin, size, root (base64) }.
export function parseCheckpoint(body) {
  const [origin, size, root] = body.split('\n');
  if (
    !origin ||
    !/^(0|[1-9][0-9]*)$/.test(size ?? '') ||
    fromBase64(root ?? '', 'root').length !== 32
  )
    throw new Error('checkpoint: not origin, size and root, one a line');
  return { origin, size: Number(size), root };
}

// Whether `sig` (a signature line's bytes after the key ID) is key's Ed25519 signature of `body`.
// Throws when the browser's Web Crypto has no Ed25519.
export async function verifySignature(key, sig, body) {
  const k = await subtle().importKey('raw', key.publicKey, { name: 'Ed25519' }, false, ['verify']);
  return subtle().verify({ name: 'Ed25519' }, k, sig, TEXT.encode(body));
}

// Checks `text` (a signed checkpoint) against the log's verifier key `vkey` and, when given, the
// log head { size, root (hex) } the page shows. Resolves to { ok, checkpoint, steps: [{ ok, what }] }.
export async function verifyCheckpoint(text, vkey, head) {
  const steps = [];
  const step = (ok, what) => {
    steps.push({ ok, what });
    return ok;
  };
  let checkpoint = null;
  try {
    const key = await parseVerifierKey(vkey);
    const note = parseNote(text);
    checkpoint = parseCheckpoint(note.body);
    step(checkpoint.origin === key.name, `the origin ${checkpoint.origin} is the key's name`);
    const sig = note.signatures.find((s) => s.name === key.name && s.id === key.id);
    if (step(sig !== undefined, 'the note carries a signature by this key')) {
      try {
        const ok = await verifySignature(key, sig.signature, note.body);
        step(ok, 'its Ed25519 signature verifies over the checkpoint (Web Crypto)');
      } catch (e) {
        step(
          false,
          `this browser cannot check Ed25519 (${e.message}): use auditgraph checkpoint verify`,
        );
      }
    }
    if (head) {
      const root = Array.from(fromBase64(checkpoint.root, 'root'), (b) =>
        b.toString(16).padStart(2, '0'),
      ).join('');
      step(
        checkpoint.size !== head.size || root === head.root,
        checkpoint.size === head.size
          ? 'its root is the log head’s root'
          : `it signs size ${checkpoint.size}; the head is at ${head.size} (prove consistency to link them)`,
      );
    }
  } catch (e) {
    step(false, e.message);
  }
  return { ok: steps.length > 0 && steps.every((s) => s.ok), checkpoint, steps };
}
