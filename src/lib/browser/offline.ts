// The offline cache of data files (weights, pictures, WASM), shared by the service worker and the pages.
import { getModel, modelFiles } from '../core/catalogue';
import { paths } from '../core/datasets';

/** Not tied to the app version: weights and photos are immutable per path. */
export const DATA_CACHE = 'arena-data-v1';

/** What a page needs offline to answer with `modelId`: its files, the class list and the WASM binary. */
export function offlineFiles(modelId: string): string[] {
	return [
		...modelFiles(getModel(modelId)).map((f) => paths.model(modelId, f)),
		paths.meta('classes.csv'),
		`${paths.wasm}tfjs-backend-wasm-simd.wasm`,
		`${paths.wasm}tfjs-backend-wasm.wasm`
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
			await cache.add(url);
			added++;
		} catch {
			/* a file this browser never needs (e.g. a missing optional binary): skip */
		}
	}
	return added;
}

/** Whether a file is already in the offline cache. */
export async function isCached(base: string, file: string): Promise<boolean> {
	if (typeof caches === 'undefined') return false;
	return Boolean(await caches.match(`${base}/${file}`).catch(() => undefined));
}
