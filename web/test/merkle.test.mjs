// merkle.js against the RFC 6962 vectors of transparency-dev/merkle (../shared/fixtures/merkle):
// every inclusion proof that must verify does, every corrupted one is refused.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { webcrypto } from 'node:crypto';

if (!globalThis.crypto) globalThis.crypto = webcrypto; // node 18
const { leafHash, verifyInclusion, fromHex, toHex } = await import('../src/merkle.js');

const fixtures =
  process.env.AUDITGRAPH_FIXTURES ||
  fileURLToPath(new URL('../../../shared/fixtures', import.meta.url));

function files(dir) {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.json') ? [p] : [];
  });
}

const b64 = (s) => new Uint8Array(Buffer.from(s, 'base64'));

test('leaf hashes and one-leaf roots match the RFC 6962 known answers', async () => {
  const known = JSON.parse(readFileSync(join(fixtures, 'merkle', 'rfc6962-known-answers.json')));
  // A one-leaf tree's root is its leaf hash.
  const leaf = await leafHash(fromHex(known.leaf_inputs_hex[0]));
  assert.equal(toHex(leaf), known.root_hashes_hex[1]);
});

test('inclusion proofs: the good ones verify, the corrupted ones are refused', async () => {
  const vectors = files(join(fixtures, 'merkle', 'inclusion'));
  assert.ok(vectors.length > 20, `only ${vectors.length} vectors found under ${fixtures}`);
  let good = 0;
  let bad = 0;
  for (const path of vectors) {
    const v = JSON.parse(readFileSync(path));
    const result = await verifyInclusion(
      v.leafIdx,
      v.treeSize,
      b64(v.leafHash || ''),
      (v.proof || []).map(b64),
      b64(v.root || ''),
    );
    assert.equal(result.ok, !v.wantErr, `${path}: ${v.desc}: ${result.reason}`);
    if (v.wantErr) bad++;
    else good++;
  }
  assert.ok(good > 0 && bad > 0);
});
