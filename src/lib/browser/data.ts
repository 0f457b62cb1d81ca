// Class list and image-set labels from the app's own origin. No TF.js here: pages that run the model in the
// worker load only this.
import { parseClasses, type ImageNetClass } from '../core/classes';
import { IMAGE_SETS, paths } from '../core/datasets';
import { parseLabels, type LabelledImage } from '../core/labels';
import { answerProblem, headOf } from '../core/response-check';

let classesPromise: Promise<ImageNetClass[]> | null = null;

const pathOf = (url: string) => new URL(url, globalThis.location?.href ?? 'http://localhost/').pathname;

/**
 * A file of the app's own data, checked: a missing file, or an answer that is not the file (a captive portal's
 * web page, a cut-off or garbled file) throws an Error that says which. Returns its bytes in a new Response.
 */
export async function fetchOk(url: string): Promise<Response> {
	const res = await fetch(url);
	if (res.status === 404) throw new Error(`${url}: HTTP 404. Run "npm run assets" to copy the data from the mirror.`);
	const path = pathOf(url);
	const head = headOf(res);
	const bytes = new Uint8Array(await res.arrayBuffer());
	const problem = answerProblem(path, head, bytes);
	if (problem) throw new Error(`${path.split('/').pop()} could not be loaded: ${problem}. Check the connection and try again.`);
	return new Response(bytes, { status: 200, headers: res.headers });
}

/**
 * A photo of an image set, checked as fetchOk checks data files; `name` is how messages call it. Offline with
 * the photo never fetched, the message says it is not saved for offline use.
 */
export async function fetchPhoto(url: string, name: string): Promise<Blob> {
	const res = await fetch(url).catch(() => {
		throw new Error(`${name} could not be fetched: this photo is not saved for offline use and the network is unreachable. Try again when online.`);
	});
	const head = headOf(res);
	const bytes = new Uint8Array(await res.arrayBuffer());
	const problem = answerProblem(pathOf(url), head, bytes);
	if (problem) throw new Error(`${name} could not be loaded: ${problem}. Check the connection and try again.`);
	return new Blob([bytes], { type: head.contentType ?? '' });
}

export function loadClasses(base: string): Promise<ImageNetClass[]> {
	classesPromise ??= fetchOk(`${base}/${paths.meta('classes.csv')}`)
		.then((r) => r.text())
		.then(parseClasses)
		.catch((e) => {
			classesPromise = null;
			throw e;
		});
	return classesPromise;
}

export async function loadImageSet(base: string, setId: string): Promise<LabelledImage[]> {
	return parseLabels(await (await fetchOk(`${base}/${paths.set(setId, 'labels.csv')}`)).text());
}


/**
 * An image set's labels and where to start in it: at `wanted` (a filename from the URL) when the set has it,
 * else at the first image with a note saying so.
 */
export async function openImageSet(base: string, setId: string, wanted?: string): Promise<{ images: LabelledImage[]; start: number; note: string }> {
	const images = await loadImageSet(base, setId);
	const at = wanted ? images.findIndex((l) => l.filename === wanted) : 0;
	const name = IMAGE_SETS.find((s) => s.id === setId)?.name ?? setId;
	return { images, start: Math.max(0, at), note: wanted && at < 0 ? `Image "${wanted}" is not in ${name}; showing the first one.` : '' };
}

/** Step through a set with wrap-around (Prev on the first image goes to the last). */
export const wrapIndex = (i: number, n: number) => ((i % n) + n) % n;
