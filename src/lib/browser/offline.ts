// The offline cache of data files (weights, pictures, WASM), shared by the service worker and the pages.
import { version } from '$app/environment';
import { getModel } from '../core/catalogue';
import { engineFiles, type EngineName } from '../core/engines';
import { paths } from '../core/datasets';
import { checkFile, expectedFor } from '../core/integrity';
import { answerProblem, headOf } from '../core/response-check';
import { dataCacheName } from './cache-names';

/** One per build (the service worker drops the others), so a damaged copy cannot outlive a deploy. */
export const DATA_CACHE = dataCacheName(version);

/** What a page needs offline to answer with `modelId` on `engine`: its files, the class list and the WASM binaries. */
export function offlineFiles(modelId: string, engine: EngineName = 'tfjs'): string[] {
	const entry = getModel(modelId);
	return [
		...engineFiles(entry, engine).map((f) => paths.model(modelId, f)),
		paths.meta('classes.csv'),
		`${paths.wasm}tfjs-backend-wasm-simd.wasm`,
		`${paths.wasm}tfjs-backend-wasm.wasm`,
		// LiteRT.js: the build this browser loads is one of the two (a file it never fetched is fetched here once).
		...(engine === 'litert' ? ['litert_wasm_internal.wasm', 'litert_wasm_compat_internal.wasm'].map((f) => paths.litertWasm + f) : [])
	];
}

/**
 * Put files into the offline cache unless they are there. The service worker caches on fetch once it
 * controls the page; on a first visit the model may load before that, so the page calls this after its
 * first answer (the fetches mostly hit the browser's HTTP cache). Returns how many files were added.
 */
export async function keepForOffline(base: string, files: string[]): Promise<number> {
	if (typeof caches === 'undefined') return 0;
	const cache = await caches.open(DATA_CACHE);
	let added = 0;
	for (const f of files) {
		const url = `${base}/${f}`;
		if (await cache.match(url)) continue;
		try {
			const res = await fetch(url);
			if (res.status !== 200) continue; // a file this browser never needs (e.g. a missing optional binary): skip
			const data = await res.arrayBuffer();
			if (answerProblem(new URL(url, location.href).pathname, headOf(res), new Uint8Array(data))) continue; // not the file (a portal's page)
			const known = expectedFor(url);
			if (known && (await checkFile(known.file, data, known.expected))) continue; // never keep a damaged model file
			await cache.put(url, new Response(data, { status: 200, headers: res.headers }));
			added++;
		} catch {
			/* offline or refused: try again on the next visit */
		}
	}
	return added;
}

/** Whether a file is already in the offline cache. */
export async function isCached(base: string, file: string): Promise<boolean> {
	if (typeof caches === 'undefined') return false;
	return Boolean(await caches.match(`${base}/${file}`).catch(() => undefined));
}

/**
 * Which of `urls` this browser can get now (from the offline cache or the network): call it before a game
 * starts, offline with photos never seen, and offer a retry. A file fetched here is kept by the service
 * worker, so the check also fills the cache. Returns the URLs that could not be had.
 */
export async function checkAvailable(urls: string[], concurrency = 4): Promise<{ missing: string[] }> {
	const missing: string[] = [];
	const queue = [...urls];
	const worker = async () => {
		for (let url = queue.shift(); url !== undefined; url = queue.shift()) {
			try {
				if (typeof caches !== 'undefined' && (await caches.match(url))) continue;
				const res = await fetch(url);
				// Read through, so it is complete (and cached by the service worker); a captive portal's page is no photo.
				const bytes = new Uint8Array(await res.arrayBuffer());
				if (answerProblem(new URL(url, location.href).pathname, headOf(res), bytes)) missing.push(url);
			} catch {
				missing.push(url);
			}
		}
	};
	await Promise.all(Array.from({ length: Math.min(concurrency, urls.length) }, worker));
	return { missing: urls.filter((u) => missing.includes(u)) };
}
