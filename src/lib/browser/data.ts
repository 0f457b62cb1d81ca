// Class list and image-set labels from the app's own origin. No TF.js here: pages that run the model in the
// worker load only this.
import { parseClasses, type ImageNetClass } from '../core/classes';
import { paths } from '../core/datasets';
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

