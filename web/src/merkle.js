// RFC 6962 / RFC 9162 Merkle inclusion proofs, checked in the browser with Web Crypto, so an
// auditor need not trust the server's word that an event is in the log it signed off.

const subtle = () => globalThis.crypto.subtle;

export function fromHex(hex) {
  if (hex.length % 2 !== 0 || /[^0-9a-f]/i.test(hex))
    throw new Error(`not hex: ${hex.slice(0, 16)}`);
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.substr(i * 2, 2), 16);
  return out;
}

export function toHex(bytes) {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

async function sha256(...parts) {
  const len = parts.reduce((n, p) => n + p.length, 0);
  const buf = new Uint8Array(len);
  let at = 0;
  for (const p of parts) {
    buf.set(p, at);
    at += p.length;
  }
  return new Uint8Array(await subtle().digest('SHA-256', buf));
}

// The leaf hash of a record: SHA-256(0x00 || record).
export function leafHash(record) {
  return sha256(Uint8Array.of(0), record);
}

function nodeHash(left, right) {
  return sha256(Uint8Array.of(1), left, right);
}

// The root an inclusion proof leads to from leaf `index` of a tree of `size` leaves (RFC 9162,
// 2.1.3.2). Throws when the proof has the wrong length for that index and size.
export async function rootFromInclusionProof(index, size, leaf, proof) {
  if (!(index >= 0 && index < size)) throw new Error(`index ${index} is not below size ${size}`);
  let fn = index;
  let sn = size - 1;
  let r = leaf;
  for (const p of proof) {
    if (sn === 0) throw new Error('proof: longer than the tree is deep');
    if (fn % 2 === 1 || fn === sn) {
      r = await nodeHash(p, r);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      r = await nodeHash(r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  if (sn !== 0) throw new Error('proof: shorter than the tree is deep');
  return r;
}

function equal(a, b) {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

// Checks that `leaf` is leaf `index` of the tree of `size` leaves whose root is `root`.
// Resolves to {ok, reason}.
export async function verifyInclusion(index, size, leaf, proof, root) {
  try {
    for (const [what, h] of [
      ['leaf', leaf],
      ['root', root],
      ...proof.map((p) => ['proof hash', p]),
    ]) {
      if (h.length !== 32) throw new Error(`${what}: ${h.length} bytes, not 32`);
    }
    const got = await rootFromInclusionProof(index, size, leaf, proof);
    return equal(got, root)
      ? { ok: true, reason: 'the proof leads to the root' }
      : { ok: false, reason: `the proof leads to ${toHex(got)}, not to the root` };
  } catch (e) {
    return { ok: false, reason: e.message };
  }
}

// The whole check for one log entry, from the server's answers: the record's bytes hash to the
// leaf the proof is for, the proof leads to the root, and that root is the head's (same size).
export async function verifyEntry(entry, proof, head) {
  const steps = [];
  const leaf = await leafHash(fromHex(entry.record));
  const leafOk = toHex(leaf) === entry.leaf_hash && entry.leaf_hash === proof.leaf_hash;
  steps.push({ ok: leafOk, what: `SHA-256(0x00 ‖ record) = ${toHex(leaf)}` });
  const inclusion = await verifyInclusion(
    entry.seq,
    proof.size,
    leaf,
    proof.proof.map(fromHex),
    fromHex(proof.root),
  );
  steps.push({
    ok: inclusion.ok,
    what: `${proof.proof.length} proof hashes from leaf ${entry.seq} to root ${proof.root} (${inclusion.reason})`,
  });
  const headOk = head.size === proof.size && head.root === proof.root;
  steps.push({ ok: headOk, what: `the log's head at size ${head.size} has root ${head.root}` });
  return { ok: steps.every((s) => s.ok), steps };
}
