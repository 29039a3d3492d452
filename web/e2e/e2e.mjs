// The web page end to end, in Debian's chromium driven by playwright-core: loads the demo mesh
// into a fresh store, starts the real server (with the page built into it, or --web DIR's), then
// checks that / is the page, searches a product, opens its lineage, checks the nodes drawn,
// travels back in time and sees the graph change, opens the side panel, checks a change's
// impact, verifies an inclusion proof in the browser, sees failed API calls shown as errors
// (made to fail by intercepting them), and saves screenshots under the build folder.
//
//   node e2e/e2e.mjs [--bin build/tools/auditgraph] [--web build/web] [--out build/web-e2e]
// Without --web the server is started without one: the page it serves is the binary's own.
// CHROMIUM overrides the browser (default /usr/bin/chromium).
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const { values: args } = parseArgs({
  options: {
    bin: { type: 'string', default: join(root, 'build', 'tools', 'auditgraph') },
    web: { type: 'string' },
    out: { type: 'string', default: join(root, 'build', 'web-e2e') },
  },
});

const ORDERS = 'dataset:kafka://broker:9092:orders.events.v1';
const REVENUE = 'dataset:s3://lake:finance.revenue.daily.v2';
const EXPORT = 'dataset:s3://lake:tmp.orders_export'; // first written in November
const SOURCE = 'dataset:postgres://shop:5432:shop.public.orders';
const NEVER_WRITTEN = SOURCE; // read by the mesh's jobs, written by none

let failures = 0;
function check(ok, what) {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
  if (!ok) failures++;
}

// Stops a server started by startServer and resolves once it has exited (so its store can go).
function stopServer(server) {
  return new Promise((done) => {
    server.child.removeAllListeners('exit');
    if (server.child.exitCode !== null || server.child.signalCode !== null) return done();
    server.child.on('exit', done);
    server.child.kill('SIGTERM');
  });
}

function startServer(store, extra = []) {
  return new Promise((resolveStart, reject) => {
    const web = args.web ? ['--web', args.web] : [];
    const child = spawn(
      args.bin,
      ['--store', store, 'serve', '--listen', '127.0.0.1:0', ...web, ...extra],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    child.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/listening on (http:\/\/\S+)/);
      if (m) resolveStart({ child, url: m[1] });
    });
    child.on('exit', (code) => reject(new Error(`server exited ${code}: ${err}`)));
  });
}

const work = mkdtempSync(join(tmpdir(), 'auditgraph-e2e-'));
const store = join(work, 'store');
mkdirSync(args.out, { recursive: true });
execFileSync(args.bin, ['--store', store, 'demo'], { stdio: 'ignore' });
// The log's note key: the server signs checkpoints with it, the page checks them with its .pub.
const logKey = join(work, 'log.key');
const logVkey = execFileSync(args.bin, [
  'key',
  'generate',
  '--name',
  'auditgraph.e2e/mesh',
  '--out',
  logKey,
])
  .toString()
  .trim();
let server = await startServer(store, ['--signing-key', logKey]);
const landing = await fetch(server.url);
check(
  landing.ok && /<script/.test(await landing.text()),
  `GET / is the page (${args.web ? `--web ${args.web}` : 'the one built into the binary, no --web'})`,
);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-dev-shm-usage',
  ],
});
const problems = [];
try {
  const page = await browser.newPage({ viewport: { width: 1500, height: 950 } });
  page.setDefaultTimeout(20_000);
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => m.type() === 'error' && problems.push(`console: ${m.text()}`));
  const node = (id) => page.locator(`svg.graph g.node[data-id="${id}"]`);

  // 1. The landing picture: domains with their products.
  await page.goto(server.url);
  await node(ORDERS).waitFor();
  check(
    (await page.locator('svg.graph g.group').count()) >= 7,
    "the overview draws the demo mesh's domains",
  );
  await page.screenshot({ path: join(args.out, 'overview.png') });

  // 2. Search a product and open its lineage.
  await page.fill('#search', 'orders.events');
  await page.locator(`#search-results li.hit[data-id="${ORDERS}"]`).click();
  await page.waitForSelector('#lineage-status[data-nodes]');
  for (const id of [ORDERS, REVENUE, SOURCE, EXPORT])
    check(await node(id).isVisible(), `lineage of orders.events.v1 draws ${id}`);
  check(
    await node(ORDERS).evaluate((g) => g.classList.contains('focus')),
    'the query node is the focus',
  );
  check(
    await node(ORDERS).evaluate((g) => g.classList.contains('pii')),
    'orders.events.v1 is marked PII',
  );
  const fill = await node(REVENUE).locator('rect').first().getAttribute('fill');
  check(fill && fill !== '#ffffff', `nodes are coloured by domain (${fill})`);
  const now = Number(await page.getAttribute('#lineage-status', 'data-nodes'));
  await page.locator('#panel-owner').waitFor();
  check(
    (await page.textContent('#panel-owner')) === 'team:orders-platform',
    'the side panel names the owner',
  );
  check(
    (await page.textContent('#panel')).includes('5 min'),
    'the side panel shows the freshness SLO',
  );
  await page.screenshot({ path: join(args.out, 'lineage.png') });

  // 3. Time travel: in mid-October the ad-hoc export did not exist yet.
  await page.fill('#as-of', '2026-10-15T00:00');
  await page.dispatchEvent('#as-of', 'change');
  await page.locator('#lineage-status', { hasText: 'as of 2026-10-15' }).waitFor();
  await page.waitForSelector('#lineage-status[data-nodes]');
  const then = Number(await page.getAttribute('#lineage-status', 'data-nodes'));
  check(then < now, `the graph changes as of 2026-10-15: ${now} nodes now, ${then} then`);
  check((await node(EXPORT).count()) === 0, 'tmp.orders_export is not drawn as of 2026-10-15');
  check(
    await node(REVENUE).isVisible(),
    'finance.revenue.daily.v2 is still drawn as of 2026-10-15',
  );
  await page.screenshot({ path: join(args.out, 'lineage-2026-10-15.png') });

  // 3b. Column level: the email column's flow, down to the columns derived from it.
  await page.click('#now');
  await page.locator('#lineage-status', { hasText: /now$/ }).waitFor();
  const EMAIL = `datasetField:${ORDERS.slice('dataset:'.length)}:customer_email`;
  await page.selectOption('#column', EMAIL);
  await node(EMAIL).waitFor();
  check(
    await node(EMAIL).evaluate((g) => g.classList.contains('focus')),
    'column level: customer_email is the focus',
  );
  check(
    await node(
      'datasetField:s3://lake:marketing.campaign.attribution.v1:customer_email',
    ).isVisible(),
    'column level: the attribution column derived from customer_email is drawn',
  );
  check(
    (await page.locator('svg.graph g.node[data-id^="dataset:"]').count()) === 0,
    'column level draws columns only',
  );
  await page.screenshot({ path: join(args.out, 'lineage-column.png') });

  // 4. Impact: a proposed schema without customer_email breaks things downstream.
  await page.goto(`${server.url}/#/impact?node=${encodeURIComponent(ORDERS)}`);
  await page.locator('#owners li').first().waitFor();
  check(
    (await page.textContent('#owners')).includes('team:finance-platform'),
    'owners to notify include finance',
  );
  await page.fill('#proposed-schema', JSON.stringify([{ name: 'order_id', type: 'string' }]));
  await page.click('#check-change');
  await page.locator('#check-result .verdict').waitFor();
  check(
    (await page.textContent('#check-result .verdict')).startsWith('Breaking'),
    'check-change says the change breaks',
  );
  await page.screenshot({ path: join(args.out, 'impact.png') });

  // 5. Log integrity: an inclusion proof verified by Web Crypto in the page.
  await page.goto(`${server.url}/#/log?seq=5`);
  await page.locator('#verdict').waitFor();
  check(
    (await page.textContent('#verdict')).includes('verified in this browser'),
    "event #5's inclusion proof verifies in the browser",
  );
  check(
    (await page.locator('#verify-result .steps li.ok').count()) === 3,
    'all three integrity steps pass',
  );
  // 5b. The signed checkpoint, checked against the log's key with Web Crypto's Ed25519.
  await page.fill('#log-key', logVkey);
  await page.click('#verify-checkpoint');
  await page.locator('#checkpoint-verdict').waitFor();
  check(
    (await page.textContent('#checkpoint-verdict')).includes('verified in this browser'),
    `the signed checkpoint verifies in the browser (${await page.textContent('#checkpoint-steps')})`,
  );

  // 6. The compliance report is linked and served.
  const report = await page.request.get(
    `${server.url}${await page.getAttribute('#report', 'href')}`,
  );
  check(
    report.ok() && (await report.text()).includes('<svg'),
    'the compliance report link answers with the report',
  );

  check(
    problems.length === 0,
    `no page errors${problems.length ? `: ${problems.join('; ')}` : ''}`,
  );

  // 6b. A failed API call is shown as an error where its answer would have been, and the rest
  // of the page still shows. The calls fail by interception, on pages of their own (chromium
  // logs each failed call as a console error, which the first page counts as a problem).
  const failing = async (...pathnames) => {
    const p = await browser.newPage({ viewport: { width: 1500, height: 950 } });
    p.setDefaultTimeout(20_000);
    for (const pathname of pathnames) {
      await p.route(
        (url) => url.pathname === pathname,
        (r) =>
          r.fulfill({
            status: 500,
            contentType: 'application/json',
            body: JSON.stringify({ error: `injected: ${pathname} fails` }),
          }),
      );
    }
    return p;
  };
  const lineageOf = (id) => `${server.url}/#/lineage?node=${encodeURIComponent(id)}`;
  const versionsOf = (p) => p.locator('#panel section', { hasText: 'Versions and the runs' });
  // An element's text, or null when there is none within 5 s (a check fails, the test goes on).
  const textOf = (locator) =>
    locator
      .first()
      .textContent({ timeout: 5_000 })
      .catch(() => null);

  // A dataset no run wrote: its versions are "never written by a run", not an error.
  await page.goto(lineageOf(NEVER_WRITTEN));
  await page.locator(`#panel[data-node="${NEVER_WRITTEN}"]`).waitFor();
  check(
    (await textOf(versionsOf(page)))?.includes('never written by a run') &&
      (await versionsOf(page).locator('.error').count()) === 0,
    `the panel says ${NEVER_WRITTEN} was never written by a run`,
  );

  // The versions fail: their section shows the error, the rest of the panel its answers; the
  // PII marks fail: the header says they are not shown.
  const noVersions = await failing('/v1/versions', '/v1/pii-reach');
  await noVersions.goto(lineageOf(REVENUE));
  await noVersions.locator(`#panel[data-node="${REVENUE}"]`).waitFor();
  const versionsText = await textOf(versionsOf(noVersions));
  check(
    (await textOf(versionsOf(noVersions).locator('.error'))) ===
      '500: injected: /v1/versions fails' && !versionsText?.includes('never written'),
    `a failed /v1/versions is shown as an error, not as "never written by a run" (${versionsText})`,
  );
  check(
    (await textOf(noVersions.locator('#panel-owner'))) === 'team:finance-platform',
    'the rest of the panel still shows',
  );
  check(
    (await textOf(noVersions.locator('#context-error')))?.includes(
      'PII marks (500: injected: /v1/pii-reach fails)',
    ),
    'a failed /v1/pii-reach is named in the header',
  );
  await noVersions.screenshot({ path: join(args.out, 'panel-error.png') });
  await noVersions.close();

  // The dataset's node fails: the column menu says why it has no columns, the panel shows the
  // error, the lineage is still drawn.
  const noNode = await failing('/v1/node');
  await noNode.goto(lineageOf(ORDERS));
  await noNode.waitForSelector('#lineage-status[data-nodes]');
  check(
    (await textOf(noNode.locator('#column-error:not([hidden])'))) ===
      'no columns to pick: 500: injected: /v1/node fails',
    'a failed /v1/node is shown beside the column menu',
  );
  check(
    (await noNode.locator('#column option').count()) === 1,
    'the menu offers the dataset level only',
  );
  check(
    (await textOf(noNode.locator('#panel .error'))) === '500: injected: /v1/node fails',
    'the panel shows the failed /v1/node as an error',
  );
  check(
    await noNode.locator(`svg.graph g.node[data-id="${ORDERS}"]`).isVisible(),
    'the lineage is still drawn',
  );
  await noNode.close();

  // 7. With tokens: the page asks for one, then every query it makes is on the record.
  await stopServer(server);
  const tokens = join(work, 'tokens.json');
  const secret = execFileSync(
    args.bin,
    ['token', 'add', '--tokens', tokens, '--principal', 'web-auditor', '--role', 'audit'],
    {
      stdio: ['ignore', 'pipe', 'ignore'],
    },
  )
    .toString()
    .trim();
  server = await startServer(store, ['--tokens', tokens]);
  const authed = await browser.newPage({ viewport: { width: 1500, height: 950 } });
  authed.setDefaultTimeout(20_000);
  await authed.goto(server.url);
  await authed.waitForSelector('#token-dialog', { timeout: 10_000 }).catch(() => null);
  check(await authed.locator('#token-dialog').isVisible(), 'without a token the page asks for one');
  await authed.fill('#token-input', secret);
  await authed.click('#token-ok');
  await authed
    .locator(`svg.graph g.node[data-id="${ORDERS}"]`)
    .waitFor({ timeout: 10_000 })
    .catch(() => null);
  check(
    await authed.locator(`svg.graph g.node[data-id="${ORDERS}"]`).isVisible(),
    'with an audit token the overview is drawn',
  );
  await authed.goto(
    `${server.url}/#/lineage?node=${encodeURIComponent(REVENUE)}&dir=upstream&depth=1`,
  );
  await authed.waitForSelector('#lineage-status[data-nodes]');
  await authed.locator('path.edge-hit').first().dispatchEvent('click');
  await authed.locator('#panel[data-node^="job:"]').waitFor();
  check(
    (await authed.textContent('#panel')).includes('runs'),
    'clicking an edge shows the job that made it',
  );
  const head = await (
    await authed.request.get(`${server.url}/v1/log/head`, {
      headers: { Authorization: `Bearer ${secret}` },
    })
  ).json();
  const last = await (
    await authed.request.get(`${server.url}/v1/log/entries/${head.size - 2}`, {
      headers: { Authorization: `Bearer ${secret}` },
    })
  ).json();
  check(
    JSON.stringify(last).includes('web-auditor'),
    "the page's queries are recorded in the log under the token's principal",
  );
} finally {
  await browser.close();
  await stopServer(server);
  rmSync(work, { recursive: true, force: true });
}
console.log(
  failures ? `${failures} checks failed` : `all checks passed; screenshots in ${args.out}`,
);
process.exit(failures ? 1 : 0);
