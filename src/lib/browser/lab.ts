// The lab's browser glue: pictures between ImageBitmaps, canvases and RGBImages; the canvas JPEG codec. No TF.js: the
// pages use this, and the model runs in the inference worker (src/lib/worker/lab-jobs.ts), which uses it too.
import { fromRGBA, toRGBA, type RGBImage } from '../lab/image';
import type { JpegCodec } from '../lab/transforms';
import { decodePicture } from './decode';
import { fetchPhoto } from './data';

/** The lab works on pictures no longer than this (the models see 224 px or less; sliders stay quick). */
export const LAB_SIDE = 448;

function canvas2d(width: number, height: number): { ctx: OffscreenCanvasRenderingContext2D | CanvasRenderingContext2D; canvas: OffscreenCanvas | HTMLCanvasElement } {
	if (typeof OffscreenCanvas !== 'undefined') {
		const canvas = new OffscreenCanvas(width, height);
		return { canvas, ctx: canvas.getContext('2d', { willReadFrequently: true })! };
	}
	const canvas = document.createElement('canvas');
	canvas.width = width;
	canvas.height = height;
	return { canvas, ctx: canvas.getContext('2d', { willReadFrequently: true })! };
}

/** Draw a bitmap (or video frame) scaled so its longer side is at most maxSide, and read its pixels. */
export function bitmapToImage(source: ImageBitmap | HTMLVideoElement, maxSide = LAB_SIDE): RGBImage {
	const isVideo = typeof HTMLVideoElement !== 'undefined' && source instanceof HTMLVideoElement; // no such class in a worker
	const w0 = isVideo ? source.videoWidth : (source as ImageBitmap).width;
	const h0 = isVideo ? source.videoHeight : (source as ImageBitmap).height;
	const s = Math.min(1, maxSide / Math.max(w0, h0));
	const w = Math.max(1, Math.round(w0 * s)), h = Math.max(1, Math.round(h0 * s));
	const { ctx } = canvas2d(w, h);
	ctx.imageSmoothingQuality = 'high';
	ctx.drawImage(source, 0, 0, w, h);
	return fromRGBA(ctx.getImageData(0, 0, w, h).data, w, h);
}

/** Fetch, decode (EXIF applied) and read a picture from the app's own origin or a user's file. */
export async function loadPicture(source: string | Blob, name: string, maxSide = LAB_SIDE): Promise<RGBImage> {
	let blob: Blob;
	if (typeof source === 'string') blob = await fetchPhoto(source, name); // checked: a portal's web page is named as such
	else blob = source;
	const bitmap = await decodePicture(blob, `"${name}"`);
	try {
		return bitmapToImage(bitmap, maxSide);
	} finally {
		bitmap.close();
	}
}

/** Show a picture on a canvas (the canvas takes the picture's size). */
export function drawImage(img: RGBImage, canvas: HTMLCanvasElement): void {
	canvas.width = img.width;
	canvas.height = img.height;
	canvas.getContext('2d')!.putImageData(new ImageData(toRGBA(img), img.width, img.height), 0, 0);
}

/** JPEG round trip through the browser's own encoder and decoder. */
export const canvasJpegCodec: JpegCodec = async (rgba, width, height, quality) => {
	const { canvas, ctx } = canvas2d(width, height);
	ctx.putImageData(new ImageData(new Uint8ClampedArray(rgba), width, height), 0, 0);
	const blob =
		canvas instanceof OffscreenCanvas
			? await canvas.convertToBlob({ type: 'image/jpeg', quality: quality / 100 })
			: await new Promise<Blob>((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('JPEG encoding failed'))), 'image/jpeg', quality / 100));
	const bitmap = await createImageBitmap(blob);
	try {
		const back = canvas2d(width, height);
		back.ctx.drawImage(bitmap, 0, 0);
		return { data: back.ctx.getImageData(0, 0, width, height).data, width, height };
	} finally {
		bitmap.close();
	}
};

export interface Answer {
	/** All 1000 class probabilities (sorted-wnid order). */
	probs: Float32Array;
	/** The five most likely class indices, best first. */
	top5: number[];
}
