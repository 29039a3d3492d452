// note.js against published answers (golang.org/x/mod/sumdb/note's key and signed note) and a
// checkpoint signed here with a fresh Ed25519 key: the signature, the origin, the head's root.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { webcrypto } from 'node:crypto';

if (!globalThis.crypto) globalThis.crypto = webcrypto; // node 18
const { parseVerifierKey, parseNote, verifySignature, verifyCheckpoint, keyId } =
  await import('../src/note.js');

const PETER_KEY = 'PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW';
const PETER_NOTE =
  'If you think cryptography is the answer to your problem,\n' +
  "then you don't know what your problem is.\n" +
  '\n' +
  '\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n';

test("golang.org/x/mod's signed note verifies with its key, and not once changed", async () => {
  const key = await parseVerifierKey(PETER_KEY);
  assert.equal(key.id, 0xc74f20a3);
  const note = parseNote(PETER_NOTE);
  assert.equal(note.signatures.length, 1);
  assert.equal(note.signatures[0].id, key.id);
  assert.equal(await verifySignature(key, note.signatures[0].signature, note.body), true);
  assert.equal(await verifySignature(key, note.signatures[0].signature, note.body + ' '), false);
  await assert.rejects(parseVerifierKey(PETER_KEY.replace('c74f20a3', 'c74f20a4')), /key ID/);
});

// A checkpoint of `size` and `rootHex` signed by a fresh key named `origin`.
async function signedCheckpoint(origin, size, rootHex) {
  const { subtle } = globalThis.crypto;
  const pair = await subtle.generateKey({ name: 'Ed25519' }, true, ['sign', 'verify']);
  const pub = new Uint8Array(await subtle.exportKey('raw', pair.publicKey));
  const id = await keyId(origin, 1, pub);
  const vkey = `${origin}+${id.toString(16).padStart(8, '0')}+${Buffer.from([1, ...pub]).toString('base64')}`;
  const root = Buffer.from(rootHex, 'hex').toString('base64');
  const body = `${origin}\n${size}\n${root}\n`;
  const sig = new Uint8Array(
    await subtle.sign({ name: 'Ed25519' }, pair.privateKey, new TextEncoder().encode(body)),
  );
  const idBytes = [id >>> 24, (id >>> 16) & 255, (id >>> 8) & 255, id & 255];
  const line = Buffer.from([...idBytes, ...sig]).toString('base64');
  return { vkey, text: `${body}\n\u2014 ${origin} ${line}\n` };
}

test('a signed checkpoint: verified against the key and the head; refused when anything is off', async () => {
  const root = 'ab'.repeat(32);
  const { vkey, text } = await signedCheckpoint('auditgraph.test/mesh', 16, root);
  const ok = await verifyCheckpoint(text, vkey, { size: 16, root });
  assert.equal(ok.ok, true, JSON.stringify(ok.steps));
  assert.equal(ok.checkpoint.size, 16);

  const forged = await verifyCheckpoint(text.replace('\n16\n', '\n17\n'), vkey, { size: 17, root });
  assert.equal(forged.ok, false);
  const other = await signedCheckpoint('auditgraph.test/mesh', 16, root);
  assert.equal((await verifyCheckpoint(text, other.vkey)).ok, false); // same name, another key
  const head = await verifyCheckpoint(text, vkey, { size: 16, root: 'cd'.repeat(32) });
  assert.equal(head.ok, false);
  assert.match(head.steps.at(-1).what, /root/);
  assert.equal((await verifyCheckpoint('not a note', vkey)).ok, false);
});
