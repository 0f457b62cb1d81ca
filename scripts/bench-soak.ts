// npm run bench:soak -- [--rounds 200] [--every 20] [--model <id>] [--no-build]
// A soak benchmark (not a timed test): one practice game of many rounds played in headless Chromium on the built
// app, printing every `--every` rounds the page's JS heap after a full garbage collection (CDP), the DOM's
// counters (documents, nodes, listeners) and the inference worker's TF.js tensors (tf.memory()). Memory that
// grows round after round with flat tensors is a leak on the page; flat figures say there is none.
import type { CDPSession, Page } from 'playwright-core';
import { buildApp, intOption, parseCliArgs, runCli } from '../src/lib/node/cli';
import { prepareAssets } from '../src/lib/node/assets';
import { getModel } from '../src/lib/core/catalogue';
import { inferenceWorkers, launchChromium } from '../tests/e2e/browser';
import { startPreview } from '../tests/e2e/server';

const TOOL = 'bench:soak';
const args = parseCliArgs(TOOL, {
	rounds: { type: 'string', default: '200' },
	every: { type: 'string', default: '20' },
	model: { type: 'string', default: 'tflite-mobilenet-v1-0.25-128' },
	'no-build': { type: 'boolean', default: false }
});

interface Sample {
	round: number;
	beforeGcMB: number;
	heapMB: number;
	nodes: number;
	listeners: number;
	documents: number;
	urls: number;
	tensors: number | null;
	tensorMB: number | null;
}

async function sample(page: Page, cdp: CDPSession, round: number): Promise<Sample> {
	// As the page itself would see it (garbage not yet collected), then after a full collection: what is kept.
	const beforeGc = await page.evaluate(() => (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? 0);
	await cdp.send('HeapProfiler.collectGarbage');
	const heap = await cdp.send('Runtime.getHeapUsage');
	const dom = await cdp.send('Memory.getDOMCounters');
	const urls = await page.evaluate(() => (window as unknown as { __liveUrls?: () => number }).__liveUrls?.() ?? -1);
	// TF.js keeps its engine on the worker's global object: its memory() counts the live tensors.
	const tf = await inferenceWorkers(page)[0]
		?.evaluate(() => (globalThis as unknown as { _tfengine?: { memory(): { numTensors: number; numBytes: number } } })._tfengine?.memory() ?? null)
		.catch(() => null);
	return {
		round,
		beforeGcMB: beforeGc / 1e6,
		heapMB: heap.usedSize / 1e6,
		nodes: dom.nodes,
		listeners: dom.jsEventListeners,
		documents: dom.documents,
		urls,
		tensors: tf?.numTensors ?? null,
		tensorMB: tf ? tf.numBytes / 1e6 : null
	};
}

const line = (s: Sample, first: Sample) =>
	`round ${String(s.round).padStart(4)}: page JS heap ${s.beforeGcMB.toFixed(1)} MB before GC, ${s.heapMB.toFixed(1)} MB after (${s.heapMB - first.heapMB >= 0 ? '+' : ''}${(s.heapMB - first.heapMB).toFixed(1)}), ` +
	`DOM nodes ${s.nodes}, listeners ${s.listeners}, documents ${s.documents}, object URLs alive ${s.urls}; worker tensors ${s.tensors ?? '?'} (${s.tensorMB?.toFixed(1) ?? '?'} MB)`;

runCli(TOOL, async () => {
	const rounds = intOption(TOOL, 'rounds', args.rounds, 200);
	const every = intOption(TOOL, 'every', args.every, 20);
	getModel(args.model!);
	await prepareAssets({ models: [args.model!] });
	if (!args['no-build']) buildApp(TOOL);
	const server = await startPreview();
	const browser = await launchChromium();
	try {
		const context = await browser.newContext({ serviceWorkers: 'block' });
		const page = await context.newPage();
		const errors: string[] = [];
		page.on('pageerror', (e) => errors.push(e.message));
		// Object URLs made and not revoked: each keeps its Blob alive outside the JS heap.
		await context.addInitScript(() => {
			const live = new Set<string>();
			const make = URL.createObjectURL.bind(URL), revoke = URL.revokeObjectURL.bind(URL);
			URL.createObjectURL = (o: Blob | MediaSource) => {
				const u = make(o);
				live.add(u);
				return u;
			};
			URL.revokeObjectURL = (u: string) => {
				live.delete(u);
				revoke(u);
			};
			(window as unknown as { __liveUrls: () => number }).__liveUrls = () => live.size;
		});
		const cdp = await context.newCDPSession(page);
		await page.goto(`${server.url}/play?set=ilsvrc2012_val_acuity1300&n=${rounds}&t=0&model=${args.model}&mode=practice&seed=4242`);
		await page.getByTestId('player').fill('Soak');
		await page.getByTestId('start').click();
		const input = page.getByTestId('picker-input');
		const started = Date.now();
		let first: Sample | null = null;
		for (let i = 0; i < rounds; i++) {
			await input.waitFor({ timeout: 120_000 });
			if (i === 0) {
				first = await sample(page, cdp, 0);
				console.log(line(first, first));
			}
			await input.press('Enter'); // no guess: the picker asks first
			await page.getByTestId('confirm-empty').waitFor();
			await input.press('Enter');
			await page.getByTestId('reveal').waitFor({ timeout: 120_000 });
			if ((i + 1) % every === 0) console.log(line(await sample(page, cdp, i + 1), first!));
			await page.getByTestId('next').click();
		}
		await page.getByTestId('done').waitFor({ timeout: 60_000 });
		console.log(line(await sample(page, cdp, rounds), first!) + '  (the recap shown)');
		console.log(`${rounds} rounds in ${((Date.now() - started) / 1000).toFixed(0)} s; uncaught page errors: ${errors.length}`);
		if (errors.length) console.log(errors.slice(0, 5).join('\n'));
	} finally {
		await browser.close();
		server.stop();
	}
});
