// Node ids (docs/lineage.md): dataset:<ns>:<name>, datasetField:<ns>:<name>:<field>,
// job:<ns>:<name>; namespaces may hold colons, names and fields may not.

export function parseId(id) {
  const kinds = { dataset: 'dataset', datasetField: 'column', job: 'job' };
  const colon = id.indexOf(':');
  const kind = kinds[id.slice(0, colon)];
  if (!kind) return null;
  const rest = id.slice(colon + 1);
  const parts = rest.split(':');
  if (kind === 'column') {
    const field = parts.pop();
    const name = parts.pop();
    return {
      kind,
      ns: parts.join(':'),
      name,
      field,
      dataset: `dataset:${parts.join(':')}:${name}`,
    };
  }
  const name = parts.pop();
  return { kind, ns: parts.join(':'), name, dataset: kind === 'dataset' ? id : null };
}

// What a node is called on the page: its name, and a column's field after its dataset's name.
export function shortName(id) {
  const p = parseId(id);
  if (!p) return id;
  return p.kind === 'column' ? `${p.name}.${p.field}` : p.name;
}

// The fixed palette the reports use (src/export/graph_text.cc), given to domains in name order.
const PALETTE = [
  '#cfe2ff',
  '#d1e7dd',
  '#fff3cd',
  '#f8d7da',
  '#e2d9f3',
  '#cff4fc',
  '#fde2c8',
  '#e9ecef',
];

export class DomainColors {
  constructor(domains = []) {
    this.map = new Map();
    [...new Set(domains.filter(Boolean))]
      .sort()
      .forEach((d, i) => this.map.set(d, PALETTE[i % PALETTE.length]));
  }
  of(domain) {
    if (!domain) return '#ffffff';
    if (!this.map.has(domain)) this.map.set(domain, PALETTE[this.map.size % PALETTE.length]);
    return this.map.get(domain);
  }
}

// A dataset's columns (GET /v1/node's fields, nested ones under their parent's path), depth
// first in schema order: {path: 'a.b', id: 'datasetField:<ns>:<name>:a.b', field}.
export function columnsOf(dataset) {
  const out = [];
  const walk = (fields, parent) => {
    for (const field of fields || []) {
      const path = parent ? `${parent}.${field.name}` : field.name;
      out.push({ path, id: `datasetField:${dataset.namespace}:${dataset.name}:${path}`, field });
      walk(field.fields, path);
    }
  };
  walk(dataset.fields, '');
  return out;
}
