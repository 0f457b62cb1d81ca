/// <reference types="@sveltejs/kit" />
/// <reference no-default-lib="true"/>
/// <reference lib="esnext" />
/// <reference lib="webworker" />
// Offline after the first visit: the app shell is cached at install; model weights, pictures and the WASM
// binaries are cached the first time they are fetched. Caches are per build (a deploy starts clean, the old
// ones are dropped on activation), and only complete 200 responses are kept: a model file only when its size
// and SHA-256 match the catalogue, a photo only when it decodes, a CSV or JSON file only when it parses, and
// never a web page (a captive portal's), so a bad answer is never served once the network answers right.
import { base, build, prerendered, version } from '$service-worker';
import { appCacheName, dataCacheName } from '$lib/browser/cache-names';
import { withIsolationHeaders } from '$lib/core/isolation';
import { WORKER_POLICY } from '$lib/core/csp.js';
import { checkFile, expectedFor } from '$lib/core/integrity';
import { bodyProblem, headOf, headProblem, kindOf } from '$lib/core/response-check';

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

/**
 * The body to keep for `request` (from a copy of its response), or null when it must not be cached: partial, cut
 * short, not a 200; for data files also anything that is not the file asked for (core/response-check.ts: a
 * captive portal's web page, a photo that does not decode, a CSV or JSON that does not parse, a model file whose
 * size or SHA-256 differs from the catalogue's).
 */
async function keepable(request: Request, response: Response, data: boolean): Promise<ArrayBuffer | null> {
	const path = new URL(request.url).pathname;
	const kind = kindOf(path);
	const head = headOf(response);
	if (response.status !== 200 || response.type !== 'basic' || head.contentRange) return null;
	if (data && headProblem(kind, head)) return null;
	const body = await response.arrayBuffer();
	const problem = bodyProblem(data ? kind : 'binary', head, new Uint8Array(body));
	// The app's own files (its pages are HTML): complete is enough.
	if (problem && (data || problem.startsWith('cut short'))) return null;
	if (!data) return body;
	if (kind === 'image' && !(await decodes(body, head.contentType))) return null;
	const known = expectedFor(path);
	if (known && (await checkFile(known.file, body, known.expected))) return null;
	return body;
}

async function decodes(body: ArrayBuffer, type: string | null | undefined): Promise<boolean> {
	if (typeof createImageBitmap !== 'function') return true; // the magic bytes were checked
	try {
		(await createImageBitmap(new Blob([body], { type: type ?? '' }))).close();
		return true;
	} catch {
		return false;
	}
}

/** URLs whose last answer was not the file: asked for again past the HTTP cache, which may hold the bad answer. */
const refused = new Set<string>();

async function cacheFirst(request: Request, cacheName: string): Promise<Response> {
	const cache = await caches.open(cacheName);
	const hit = await cache.match(request);
	if (hit) return hit;
	const data = cacheName === DATA_CACHE;
	const response = await fetch(refused.has(request.url) ? new Request(request, { cache: 'reload' }) : request);
	keepable(request, response.clone(), data) // cloned now: the page reads the original
		.then(async (body) => {
			if (!body) {
				if (data) refused.add(request.url);
				return;
			}
			refused.delete(request.url);
			await cache.put(request, new Response(body, { status: 200, statusText: response.statusText, headers: response.headers }));
		})
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

/**
 * The inference worker's own Content-Security-Policy where the host sent none (a static host): a worker runs
 * under its script's response policy, which a page's <meta> tag cannot give. From the second visit, as the
 * isolation headers.
 */
function withWorkerPolicy(request: Request, response: Response): Response {
	if (request.destination !== 'worker' || (response.type !== 'basic' && response.type !== 'default') || response.headers.has('content-security-policy')) return response;
	const headers = new Headers(response.headers);
	headers.set('Content-Security-Policy', WORKER_POLICY);
	return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}

sw.addEventListener('fetch', (event) => {
	const { request } = event;
	if (request.method !== 'GET' || request.headers.has('range')) return;
	const url = new URL(request.url);
	if (url.origin !== sw.location.origin) return;
	// Cross-origin isolation where the host sends no COOP/COEP headers (threaded WASM needs it).
	const respond = (r: Promise<Response>) => event.respondWith(r.then(withIsolationHeaders).then((res) => withWorkerPolicy(request, res)));
	if (DATA_PREFIXES.some((p) => url.pathname.startsWith(p))) respond(cacheFirst(request, DATA_CACHE));
	else if (APP_FILES.has(url.pathname) && request.mode !== 'navigate') respond(cacheFirst(request, APP_CACHE));
	else if (request.mode === 'navigate' || APP_FILES.has(url.pathname)) respond(networkFirst(request));
});
