// ids.js: node ids taken apart (namespaces with colons), short names, a dataset's columns
// (nested fields under their parent's path), domain colours.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DomainColors, columnsOf, parseId, shortName } from '../src/ids.js';

test('parseId: datasets, columns and jobs, namespaces holding colons', () => {
  assert.deepEqual(parseId('dataset:kafka://broker:9092:orders.events.v1'), {
    kind: 'dataset',
    ns: 'kafka://broker:9092',
    name: 'orders.events.v1',
    dataset: 'dataset:kafka://broker:9092:orders.events.v1',
  });
  assert.deepEqual(parseId('datasetField:s3://lake:finance.revenue:amount'), {
    kind: 'column',
    ns: 's3://lake',
    name: 'finance.revenue',
    field: 'amount',
    dataset: 'dataset:s3://lake:finance.revenue',
  });
  assert.deepEqual(parseId('job:airflow:daily_revenue'), {
    kind: 'job',
    ns: 'airflow',
    name: 'daily_revenue',
    dataset: null,
  });
});

test('parseId: anything else is not an id', () => {
  for (const id of ['', 'orders', 'principal:team:x', 'Dataset:ns:name', ':ns:name']) {
    assert.equal(parseId(id), null, id);
  }
});

test('shortName: the name, a column as dataset.field, anything else as given', () => {
  assert.equal(shortName('dataset:kafka://broker:9092:orders.events.v1'), 'orders.events.v1');
  assert.equal(shortName('datasetField:s3://lake:revenue:amount'), 'revenue.amount');
  assert.equal(shortName('job:airflow:daily_revenue'), 'daily_revenue');
  assert.equal(shortName('team:finance'), 'team:finance');
});

test('columnsOf: every field depth first, nested ones under their parent, with their ids', () => {
  const d = {
    namespace: 'kafka://broker:9092',
    name: 'orders',
    fields: [
      { name: 'id', type: 'string', tags: [] },
      {
        name: 'customer',
        type: 'struct',
        tags: [],
        fields: [
          { name: 'email', type: 'string', tags: ['PII'] },
          { name: 'address', type: 'struct', tags: [], fields: [{ name: 'zip', tags: [] }] },
        ],
      },
      { name: 'total', type: 'decimal', tags: [] },
    ],
  };
  const cols = columnsOf(d);
  assert.deepEqual(
    cols.map((c) => c.path),
    ['id', 'customer', 'customer.email', 'customer.address', 'customer.address.zip', 'total'],
  );
  assert.equal(cols[2].id, 'datasetField:kafka://broker:9092:orders:customer.email');
  assert.deepEqual(cols[2].field.tags, ['PII']);
  for (const c of cols) assert.equal(parseId(c.id).dataset, 'dataset:kafka://broker:9092:orders');
  assert.deepEqual(columnsOf({ namespace: 'n', name: 'x', fields: [] }), []);
});

test('DomainColors: the palette in domain name order, new domains next, none white', () => {
  const c = new DomainColors(['sales', 'finance', null, 'finance']);
  assert.equal(c.of('finance'), '#cfe2ff');
  assert.equal(c.of('sales'), '#d1e7dd');
  assert.equal(c.of('marketing'), '#fff3cd');
  assert.equal(c.of('marketing'), '#fff3cd');
  assert.equal(c.of(null), '#ffffff');
  assert.equal(c.of(undefined), '#ffffff');
  const many = new DomainColors(Array.from({ length: 9 }, (_, i) => `d${i}`));
  assert.equal(many.of('d8'), many.of('d0'), 'the palette wraps around');
});
