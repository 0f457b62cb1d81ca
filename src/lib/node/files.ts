// Node-only helpers: serve the app's asset folder to the TF.js loaders, and decode pictures to pixels.
import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { parseLabels, type LabelledImage } from '../core/labels';
import type { PixelRegion } from '../core/crop-resize';

/** A fetch that reads local files: TF.js's http loader then works on a folder, with no server. */
export function fileFetch(): typeof fetch {
	return (async (input: string | URL | Request) => {
		const path = typeof input === 'string' ? input : input instanceof URL ? input.pathname : input.url;
		try {
			const body = await readFile(path.split('?')[0]);
			return new Response(body, { status: 200 });
		} catch {
			return new Response(`not found: ${path}`, { status: 404, statusText: 'Not Found' });
		}
	}) as typeof fetch;
}

/** Decode a JPEG or PNG to its RGBA pixels, as a whole-picture region for core/crop-resize. */
export function decodePixels(bytes: Uint8Array, name = 'image'): PixelRegion {
	if (bytes.length === 0) throw new Error(`${name}: empty file`);
	const isPng = bytes[0] === 0x89 && bytes[1] === 0x50;
	const isJpeg = bytes[0] === 0xff && bytes[1] === 0xd8;
	let width: number, height: number, rgba: Uint8Array;
	if (isJpeg) {
		const img = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: true, maxMemoryUsageInMB: 1024 });
		({ width, height } = img);
		rgba = img.data;
	} else if (isPng) {
		const img = PNG.sync.read(Buffer.from(bytes));
		({ width, height } = img);
		rgba = new Uint8Array(img.data.buffer, img.data.byteOffset, img.data.length);
	} else {
		throw new Error(`${name}: not a JPEG or PNG file`);
	}
	return { data: rgba, channels: 4, left: 0, top: 0, width, height, pictureWidth: width, pictureHeight: height };
}

/** Decode a JPEG or PNG to an RGB tensor [h, w, 3] (int32, 0..255). */
export function decodeImage(bytes: Uint8Array, name = 'image'): tf.Tensor3D {
	const { data: rgba, width, height } = decodePixels(bytes, name);
	const rgb = new Int32Array(width * height * 3);
	for (let i = 0, j = 0; i < rgba.length; i += 4, j += 3) {
		rgb[j] = rgba[i];
		rgb[j + 1] = rgba[i + 1];
		rgb[j + 2] = rgba[i + 2];
	}
	return tf.tensor3d(rgb, [height, width, 3], 'int32');
}

export async function decodeImageFile(path: string): Promise<tf.Tensor3D> {
	return decodeImage(new Uint8Array(await readFile(path)), path);
}

export async function decodePixelsFile(path: string): Promise<PixelRegion> {
	return decodePixels(new Uint8Array(await readFile(path)), path);
}

/**
 * A labelled image folder for the command-line tools: its labels.csv (format of the mirror's INDEX.md) and
 * where its pictures are (an images/ folder beside labels.csv, as in the mirror's val sets, or the folder itself).
 */
export async function openLabelledFolder(folder: string): Promise<{ setDir: string; imageDir: string; labels: LabelledImage[] }> {
	const setDir = resolve(folder);
	if (!existsSync(setDir)) throw new Error(`set folder ${setDir} does not exist (give a folder with labels.csv, e.g. static/data/ilsvrc2012_val_acuity1300)`);
	const labelsFile = join(setDir, 'labels.csv');
	if (!existsSync(labelsFile)) throw new Error(`${labelsFile} not found (a set folder needs a labels.csv in the format of the mirror's datasets/INDEX.md)`);
	const imageDir = existsSync(join(setDir, 'images')) ? join(setDir, 'images') : setDir;
	let labels: LabelledImage[];
	try {
		labels = parseLabels(await readFile(labelsFile, 'utf8'));
	} catch (e) {
		throw new Error(`${labelsFile}: ${(e as Error).message}`);
	}
	if (!labels.length) throw new Error(`${labelsFile} has no rows`);
	return { setDir, imageDir, labels };
}
