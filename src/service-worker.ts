/// <reference types="@sveltejs/kit" />
/// <reference no-default-lib="true"/>
/// <reference lib="esnext" />
/// <reference lib="webworker" />
// Offline after the first visit: the app shell is cached at install; model weights, pictures and the WASM
// binaries are cached the first time they are fetched. Caches are per build (a deploy starts clean, the old
// ones are dropped on activation), and only complete 200 responses are kept: a model file only when its size
// and SHA-256 match the catalogue, so a damaged copy is never kept.
import { base, build, prerendered, version } from '$service-worker';
import { appCacheName, dataCacheName } from '$lib/browser/cache-names';
import { withIsolationHeaders } from '$lib/core/isolation';
import { checkFile, expectedFor } from '$lib/core/integrity';

const sw = self as unknown as ServiceWorkerGlobalScope;
const APP_CACHE = appCacheName(version);
const DATA_CACHE = dataCacheName(version);
const DATA_PREFIXES = ['/models/', '/data/', '/tfjs-wasm/', '/litert-wasm/'].map((p) => base + p);
const APP_FILES = new Set([...build, ...prerendered]);

sw.addEventListener('install', (event) => {
	event.waitUntil(
		caches
			.open(APP_CACHE)
			.then((cache) => cache.addAll([...APP_FILES]))
			.then(() => sw.skipWaiting())
	);
});

sw.addEventListener('activate', (event) => {
	event.waitUntil(
		caches
			.keys()
			.then((keys) => Promise.all(keys.filter((k) => k !== APP_CACHE && k !== DATA_CACHE).map((k) => caches.delete(k))))
			.then(() => sw.clients.claim())
	);
});

/** The body to keep for `request` (from a copy of its response), or null when it must not be cached (partial, cut short, damaged). */
async function keepable(request: Request, response: Response): Promise<ArrayBuffer | null> {
	if (response.status !== 200 || response.type !== 'basic' || response.headers.has('content-range')) return null;
	const data = await response.arrayBuffer();
	const length = Number(response.headers.get('content-length') ?? NaN);
	const encoded = response.headers.has('content-encoding'); // content-length then counts compressed bytes
	if (!encoded && Number.isFinite(length) && length !== data.byteLength) return null; // cut short
	const known = expectedFor(new URL(request.url).pathname);
	if (known && (await checkFile(known.file, data, known.expected))) return null;
	return data;
}

async function cacheFirst(request: Request, cacheName: string): Promise<Response> {
	const cache = await caches.open(cacheName);
	const hit = await cache.match(request);
	if (hit) return hit;
	const response = await fetch(request);
	keepable(request, response.clone()) // cloned now: the page reads the original
		.then((data) => data && cache.put(request, new Response(data, { status: 200, statusText: response.statusText, headers: response.headers })))
		.catch(() => {});
	return response;
}

/** Pages: the network first (a new deploy shows at once), the cached copy when offline. */
async function networkFirst(request: Request): Promise<Response> {
	try {
		return await fetch(request);
	} catch (e) {
		const hit = (await caches.match(request, { ignoreSearch: true })) ?? (await caches.match(new URL(request.url).pathname));
		if (hit) return hit;
		throw e;
	}
}

sw.addEventListener('fetch', (event) => {
	const { request } = event;
	if (request.method !== 'GET' || request.headers.has('range')) return;
	const url = new URL(request.url);
	if (url.origin !== sw.location.origin) return;
	// Cross-origin isolation where the host sends no COOP/COEP headers (threaded WASM needs it).
	const respond = (r: Promise<Response>) => event.respondWith(r.then(withIsolationHeaders));
	if (DATA_PREFIXES.some((p) => url.pathname.startsWith(p))) respond(cacheFirst(request, DATA_CACHE));
	else if (APP_FILES.has(url.pathname) && request.mode !== 'navigate') respond(cacheFirst(request, APP_CACHE));
	else if (request.mode === 'navigate' || APP_FILES.has(url.pathname)) respond(networkFirst(request));
});
