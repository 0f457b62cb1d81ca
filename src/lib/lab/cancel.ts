// Cancelling and pausing long lab jobs (occlusion maps, sweeps); no TF.js here, so pages can import it.

/**
 * Let the event loop run between batches: on the WASM and CPU backends data() resolves as a microtask, so without a
 * real pause a whole job would run with no progress posted and no cancel message read (the jobs run in the worker).
 */
export const yieldToEventLoop = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

export function abortError(): Error {
	const e = new Error('Cancelled');
	e.name = 'AbortError';
	return e;
}
