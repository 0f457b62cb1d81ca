// The isolation headers are one policy for every server of the app (npm start, vite preview, the service worker), so they live in core/.
// Cross-origin isolation (COOP + COEP) gives pages SharedArrayBuffer, so TF.js's WASM backend runs its threaded
// build. `vite preview` (npm start) sends these headers; on a static host that sends none, the service worker adds
// them to what it serves (from the second visit: the first page load happens before the worker controls it).
// Every asset of the app is same-origin, so `require-corp` blocks nothing.
export const ISOLATION_HEADERS: Record<string, string> = {
	'Cross-Origin-Opener-Policy': 'same-origin',
	'Cross-Origin-Embedder-Policy': 'require-corp'
};

/** The response with the isolation headers added (opaque and error responses are passed through unchanged). */
export function withIsolationHeaders(response: Response): Response {
	if (response.status === 0 || response.type === 'opaque' || response.type === 'opaqueredirect') return response;
	if (Object.entries(ISOLATION_HEADERS).every(([k, v]) => response.headers.get(k) === v)) return response;
	const headers = new Headers(response.headers);
	for (const [k, v] of Object.entries(ISOLATION_HEADERS)) headers.set(k, v);
	return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}
