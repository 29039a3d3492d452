// A tiny DOM builder: h('a', {href, onclick}, 'text', child...) makes elements without ever
// parsing markup, so names and ids from the log can hold anything.
import { shortName } from './ids.js';

export function h(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else if (k === 'class') e.className = v;
    else if (k === 'dataset') Object.assign(e.dataset, v);
    else e.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat(Infinity)) {
    if (c === undefined || c === null || c === false) continue;
    e.appendChild(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return e;
}

// A table: head is a list of column titles, rows a list of lists of cells.
export function table(head, rows, empty = 'none') {
  if (!rows.length) return h('p', { class: 'muted' }, empty);
  const row = (tag, cells) => h('tr', {}, ...cells.map((c) => h(tag, {}, c)));
  const body = rows.map((r) => row('td', r));
  return h('table', {}, h('thead', {}, row('th', head)), h('tbody', {}, body));
}

// A link to a dataset's, column's or job's lineage, named by its short name (the id on hover).
export function nodeLink(app, id) {
  return h('a', { href: app.href('lineage', { node: id }), title: id }, shortName(id));
}

// An error, shown where the answer it stands for would have been.
export function errorNote(error) {
  return h('p', { class: 'error' }, error.message);
}
