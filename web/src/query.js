// Query strings, the one way the page writes and reads them: for the API's GETs and for the
// page's own addresses (#/view?param=...). A parameter that is undefined, null or '' is left out.

// '?a=1&b=x' for {a: 1, b: 'x', c: ''}, or '' when nothing is left.
export function queryString(params = {}) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  }
  const s = q.toString();
  return s ? `?${s}` : '';
}

// The page's address of a view: '#/lineage?node=...'; the overview is '#/'.
export function viewHref(view, params = {}) {
  return `#/${view}${queryString(params)}`;
}

// The view and parameters a location.hash names (viewHref's inverse): '' is the overview.
export function parseViewHref(hash) {
  const [view, query] = hash.replace(/^#\/?/, '').split('?');
  return { view, params: Object.fromEntries(new URLSearchParams(query || '')) };
}
