// The browser half of `npm run eval -- --browser`: the built app served, headless Chromium, and the app's own
// inference worker answering every photo of a set twice, once per preprocessing path (the crop in JavaScript the app
// uses, and TF.js's crop on the backend, the path before), so the two can be compared photo by photo.
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { BackendName } from '../src/lib/core/backend';
import type { Crops } from '../src/lib/core/crops';
import { paths } from '../src/lib/core/datasets';
import type { LabelledImage } from '../src/lib/core/labels';
import type { Preprocessing } from '../src/lib/worker/protocol';
import { summarize } from '../src/lib/bench/stats';
import { launchChromium } from '../tests/e2e/browser';
import { startPreview } from '../tests/e2e/server';

export const PREPROCESSINGS: Preprocessing[] = ['js', 'backend'];

export interface BrowserEval {
	backend: string;
	browserVersion: string;
	/** Per preprocessing path: each photo's top-5 class indices, in the labels' order. */
	top5: Record<Preprocessing, number[][]>;
	/** Per path: median ms in the worker per photo. */
	medianMs: Record<Preprocessing, number>;
}

interface PageJob {
	workerUrl: string;
	base: string;
	modelId: string;
	backend: BackendName;
}

/** Starts the app's inference worker in the page and loads the model (kept on window for the batches). */
async function startWorker(page: Page, job: PageJob): Promise<string> {
	return page.evaluate(async ({ workerUrl, base, modelId, backend }) => {
		type Msg = { id: number; type: string; message?: string; info?: { backend: { chosen: string } } };
		const worker = new Worker(workerUrl, { type: 'module' });
		const pending = new Map<number, { resolve: (m: Msg) => void; reject: (e: Error) => void }>();
		let next = 1;
		worker.onmessage = (e: MessageEvent<Msg>) => {
			const p = pending.get(e.data.id);
			if (!p || e.data.type.endsWith('progress')) return;
			pending.delete(e.data.id);
			if (e.data.type === 'error') p.reject(new Error(e.data.message));
			else p.resolve(e.data);
		};
		const request = (msg: object, transfer: Transferable[] = []) =>
			new Promise<Msg>((resolve, reject) => {
				const id = next++;
				pending.set(id, { resolve, reject });
				worker.postMessage({ ...msg, id }, transfer);
			});
		(window as unknown as { __evalRequest: typeof request }).__evalRequest = request;
		const ready = await request({ type: 'load', base, modelId, backend });
		return ready.info!.backend.chosen;
	}, job);
}

/** One batch of photos through the worker, each once per path: top-5 and the worker's ms. */
function classifyBatch(page: Page, urls: string[], crops: Crops) {
	return page.evaluate(
		async ({ urls, crops, preprocessings }) => {
			type Answer = { predictions: { classIndex: number }[]; ms: number };
			const request = (window as unknown as { __evalRequest: (m: object, t?: Transferable[]) => Promise<Answer> }).__evalRequest;
			const out: { top5: Record<string, number[]>; ms: Record<string, number> }[] = [];
			for (const url of urls) {
				const blob = await (await fetch(url)).blob();
				const row = { top5: {} as Record<string, number[]>, ms: {} as Record<string, number> };
				for (const preprocessing of preprocessings) {
					const bitmap = await createImageBitmap(blob, { imageOrientation: 'from-image' }); // as the app decodes
					const a = await request({ type: 'classify', bitmap, k: 5, crops, preprocessing }, [bitmap]);
					row.top5[preprocessing] = a.predictions.map((p) => p.classIndex);
					row.ms[preprocessing] = a.ms;
				}
				out.push(row);
			}
			return out;
		},
		{ urls, crops, preprocessings: PREPROCESSINGS }
	);
}

export async function evalInBrowser(opts: {
	setId: string;
	labels: LabelledImage[];
	modelId: string;
	crops: Crops;
	backend: BackendName;
	onProgress?: (done: number, total: number) => void;
}): Promise<BrowserEval> {
	const workers = join('build', '_app', 'immutable', 'workers');
	const file = (await readdir(workers).catch(() => [] as string[])).find((f) => f.startsWith('inference.worker'));
	if (!file) throw new Error(`no inference worker in ${workers}: the build failed or did not run`);
	const server = await startPreview();
	const browser = await launchChromium();
	try {
		const page = await browser.newPage();
		// tsx compiles the functions below with esbuild's keepNames, which calls a __name helper the page lacks.
		await page.addInitScript('globalThis.__name = (f) => f');
		await page.goto(`${server.url}/models`); // a page that loads no model; cross-origin isolated like every page
		const backend = await startWorker(page, { workerUrl: `${server.url}/_app/immutable/workers/${file}`, base: server.url, modelId: opts.modelId, backend: opts.backend });
		if (backend !== opts.backend) throw new Error(`${opts.backend} did not start in Chromium (it chose ${backend})`);
		const top5: Record<Preprocessing, number[][]> = { js: [], backend: [] };
		const ms: Record<Preprocessing, number[]> = { js: [], backend: [] };
		const BATCH = 25;
		for (let i = 0; i < opts.labels.length; i += BATCH) {
			const urls = opts.labels.slice(i, i + BATCH).map((l) => `${server.url}/${paths.image(opts.setId, l.filename)}`);
			for (const row of await classifyBatch(page, urls, opts.crops)) {
				for (const p of PREPROCESSINGS) {
					top5[p].push(row.top5[p]);
					ms[p].push(row.ms[p]);
				}
			}
			opts.onProgress?.(Math.min(i + BATCH, opts.labels.length), opts.labels.length);
		}
		const median = (xs: number[]) => summarize(xs)?.median_ms ?? NaN;
		return { backend, browserVersion: browser.version(), top5, medianMs: { js: median(ms.js), backend: median(ms.backend) } };
	} finally {
		await browser.close();
		server.stop();
	}
}
