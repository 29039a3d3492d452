// How the page writes times, durations and the server's answers in words. Pure: no DOM.

// An SLO's seconds in the largest whole unit: 300 -> '5 min'.
export function duration(seconds) {
  if (seconds % 86400 === 0) return `${seconds / 86400} d`;
  if (seconds % 3600 === 0) return `${seconds / 3600} h`;
  if (seconds % 60 === 0) return `${seconds / 60} min`;
  return `${seconds} s`;
}

// An RFC 3339 time to the second, without its zone: '2026-10-15 08:00:00' ('—' for none).
export function day(t) {
  return t ? t.slice(0, 19).replace('T', ' ') : '—';
}

// A datetime-local input's value, read as UTC, as RFC 3339 ('' stays '').
export function toRfc3339(local) {
  return local ? `${local.length === 16 ? `${local}:00` : local}Z` : '';
}

// An RFC 3339 UTC time as a datetime-local input's value (toRfc3339's inverse).
export function toLocal(rfc3339) {
  return rfc3339 ? rfc3339.replace(/Z$/, '').slice(0, 19) : '';
}

// 'team:orders' for {kind: 'team', name: 'orders'}.
export function principal(p) {
  return `${p.kind}:${p.name}`;
}

// Why a principal can read a dataset (one of GET /v1/access's principals): the grant, its
// scope, the columns it is limited to, and the chain of groups it came through.
export function accessReason(p) {
  const domain = p.domain ? ` ${p.domain}` : '';
  const columns = p.columns.length ? ` (${p.columns.join(', ')})` : '';
  const chain = p.chain.length ? ` via ${p.chain.join(' ⊂ ')}` : '';
  return `${p.grant_id}: ${p.scope}${domain}${columns}${chain}`;
}

// A version label cut to 14 characters.
export function shortVersion(v) {
  return v.length > 14 ? `${v.slice(0, 13)}…` : v;
}
