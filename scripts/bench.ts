// npm run bench -- [--model <id>] [--backend <name>[,<name>...]] [--engine tfjs|litert|tfjs,litert] [--quick] [--runs N] [--budget S] [--no-build] [--json]
// Builds and serves the app, drives the /bench page in headless Chromium, prints the table; with --json the
// last line is the whole report as one JSON object. It first copies from the data mirror what the app needs
// (as `npm start` does), so it works as the first command after `npm install`.
import { cliFail, parseCliArgs, buildApp } from '../src/lib/node/cli';
import { prepareAssets } from '../src/lib/node/assets';
import type { Page } from 'playwright-core';
import { BACKENDS } from '../src/lib/core/backend';
import { ENGINES, enginesFor } from '../src/lib/core/engines';
import { DEFAULT_MODEL_ID, getModel } from '../src/lib/core/catalogue';
import { formatTable, type BenchReport } from '../src/lib/bench/report';
import { CHROMIUM_ARGS, launchChromium } from '../tests/e2e/browser';
import { startPreview } from '../tests/e2e/server';

const args = parseCliArgs('bench', {
	model: { type: 'string', default: DEFAULT_MODEL_ID },
	backend: { type: 'string', default: 'all' },
	engine: { type: 'string', default: 'tfjs' },
	runs: { type: 'string' },
	budget: { type: 'string' },
	'no-build': { type: 'boolean', default: false },
	json: { type: 'boolean', default: false },
	quick: { type: 'boolean', default: false },
	timeout: { type: 'string', default: '1200' }
});

const fail = (msg: unknown): never => cliFail('bench', msg);

try {
	getModel(args.model!);
} catch (e) {
	fail(e);
}
const backends = args.backend === 'all' ? [...BACKENDS] : args.backend!.split(',');
const unknown = backends.filter((b) => !(BACKENDS as readonly string[]).includes(b));
if (unknown.length) fail(`unknown backend ${unknown.join(', ')}; known: ${BACKENDS.join(', ')}`);
const engines = args.engine!.split(',').filter(Boolean);
const unknownEngine = engines.filter((e) => !(ENGINES as readonly string[]).includes(e));
if (unknownEngine.length) fail(`unknown engine ${unknownEngine.join(', ')}; known: ${ENGINES.join(', ')}`);
if (engines.includes('litert') && !enginesFor(getModel(args.model!)).includes('litert')) fail(`${args.model} has no .tflite file: LiteRT.js cannot run it`);
if (args.runs && !(Number(args.runs) >= 1)) fail('--runs must be a number >= 1');
if (args.budget && !(Number(args.budget) >= 0)) fail('--budget must be seconds >= 0');

const log = (s: string) => console.error(s); // progress goes to stderr; stdout holds the table and the JSON

// The app itself (every set and meta file, as `npm start`) plus the benched model.
await prepareAssets({ models: [...new Set([DEFAULT_MODEL_ID, args.model!])] }).catch(fail);

if (!args['no-build']) buildApp('bench');

const q = new URLSearchParams({ model: args.model!, backend: backends.join(','), engine: engines.join(','), auto: '1' });
if (args.runs) q.set('runs', args.runs);
if (args.quick) q.set('quick', '1');
if (args.budget) q.set('budget', args.budget);

const server = await startPreview();
const browser = await launchChromium();
const started = Date.now();
let report: BenchReport;
try {
	const page: Page = await browser.newPage();
	page.on('console', (m) => m.type() === 'error' && log(`  page error: ${m.text()}`));
	page.on('pageerror', (e) => log(`  page exception: ${e.message}`));
	log(`bench: ${server.url}/bench?${q}`);
	await page.goto(`${server.url}/bench?${q}`);
	let last = '';
	const ticker = setInterval(async () => {
		const progress = page.getByTestId('bench-progress');
		const text = await ((await progress.count()) ? progress : page.getByTestId('first-prediction')).textContent().catch(() => null);
		const line = text?.replace(/\s+/g, ' ').trim();
		if (line && line !== last) log(`  [${((Date.now() - started) / 1000).toFixed(0)} s] ${(last = line)}`);
	}, 3000);
	try {
		await page.waitForFunction(() => (window as unknown as { __benchResult?: unknown }).__benchResult, null, {
			timeout: Number(args.timeout) * 1000,
			polling: 1000
		});
	} finally {
		clearInterval(ticker);
	}
	report = (await page.evaluate(() => (window as unknown as { __benchResult: unknown }).__benchResult)) as BenchReport;
	report.environment.browser_version = browser.version();
	report.environment.chromium_flags = CHROMIUM_ARGS;
} finally {
	await browser.close();
	server.stop();
}

console.log(`Speed benchmark, ${args.model}, Chromium ${report.environment.browser_version} (headless), ${((Date.now() - started) / 1000).toFixed(0)} s`);
for (const p of report.environment.probes) console.log(`  ${p.name}: ${p.available ? (p.hardware === false ? 'software-emulated' : 'available') : 'unavailable'} (${p.detail})`);
console.log(`  flags: ${CHROMIUM_ARGS.join(' ')}`);
console.log('');
console.log(formatTable(report));
if (args.json) console.log(JSON.stringify(report));
