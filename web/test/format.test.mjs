// format.js: durations, times (and the as-of input's round trip), access reasons.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  accessReason,
  day,
  duration,
  principal,
  shortVersion,
  toLocal,
  toRfc3339,
} from '../src/format.js';

test('duration: the largest whole unit', () => {
  assert.equal(duration(300), '5 min');
  assert.equal(duration(7200), '2 h');
  assert.equal(duration(172800), '2 d');
  assert.equal(duration(90), '90 s');
  assert.equal(duration(5400), '90 min');
});

test('day: to the second, no zone; nothing is a dash', () => {
  assert.equal(day('2026-10-15T08:30:05.123456Z'), '2026-10-15 08:30:05');
  assert.equal(day(null), '—');
  assert.equal(day(''), '—');
});

test('toRfc3339 and toLocal: the as-of input read as UTC, both ways', () => {
  assert.equal(toRfc3339('2026-10-15T00:00'), '2026-10-15T00:00:00Z');
  assert.equal(toRfc3339('2026-10-15T00:00:07'), '2026-10-15T00:00:07Z');
  assert.equal(toRfc3339(''), '');
  assert.equal(toLocal('2026-10-15T00:00:07Z'), '2026-10-15T00:00:07');
  assert.equal(toLocal(''), '');
  assert.equal(toRfc3339(toLocal('2026-11-02T13:14:15Z')), '2026-11-02T13:14:15Z');
});

test('accessReason: the grant, its scope and domain, the columns, the chain of groups', () => {
  const base = { grant_id: 'g7', scope: 'dataset', domain: null, columns: [], chain: [] };
  assert.equal(accessReason(base), 'g7: dataset');
  assert.equal(
    accessReason({
      ...base,
      scope: 'domain',
      domain: 'finance',
      columns: ['amount', 'currency'],
      chain: ['group:analysts', 'group:staff'],
    }),
    'g7: domain finance (amount, currency) via group:analysts ⊂ group:staff',
  );
  assert.equal(principal({ kind: 'team', name: 'orders' }), 'team:orders');
});

test('shortVersion: 14 characters at most', () => {
  assert.equal(shortVersion('v1'), 'v1');
  assert.equal(shortVersion('12345678901234'), '12345678901234');
  assert.equal(shortVersion('0123456789abcdef'), '0123456789abc…');
});
