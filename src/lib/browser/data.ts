// Class list and image-set labels from the app's own origin. No TF.js here: pages that run the model in the
// worker load only this.
import { parseClasses, type ImageNetClass } from '../core/classes';
import { IMAGE_SETS, paths } from '../core/datasets';
import { parseLabels, type LabelledImage } from '../core/labels';

let classesPromise: Promise<ImageNetClass[]> | null = null;

export async function fetchOk(url: string): Promise<Response> {
	const res = await fetch(url);
	if (!res.ok) throw new Error(`${url}: HTTP ${res.status}. Run "npm run assets" to copy the data from the mirror.`);
	return res;
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
