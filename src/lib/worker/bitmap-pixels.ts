// A bitmap's pixels for the crop: only the rectangle the crops sample (core/crop-resize.sampledRect), copied
// one to one (no resampling, so no pixel changes) through a small canvas in the worker. The crop and resize then
// run in JavaScript on those pixels, and only the model-size crops go to the backend.
import type { Classifier, Prediction } from '../core/classifier';
import { cropPictures, sampledRect, type PixelRegion } from '../core/crop-resize';
import type { Crops } from '../core/crops';
import type { Preprocessing } from './protocol';

let canvas: OffscreenCanvas | null = null;
let context: OffscreenCanvasRenderingContext2D | null = null;

/** The pixels of `bitmap` that its crops sample. */
function bitmapRegion(bitmap: ImageBitmap, fraction: number, crops: Crops): PixelRegion {
	const rect = sampledRect(bitmap.height, bitmap.width, fraction, crops);
	if (!canvas || canvas.width < rect.width || canvas.height < rect.height) {
		canvas = new OffscreenCanvas(Math.max(rect.width, canvas?.width ?? 0), Math.max(rect.height, canvas?.height ?? 0));
		// willReadFrequently: a CPU canvas, so getImageData needs no read-back from a GPU.
		context = canvas.getContext('2d', { willReadFrequently: true });
		if (!context) throw new Error('This browser gives workers no 2D canvas.');
	}
	const ctx = context!;
	ctx.clearRect(0, 0, rect.width, rect.height);
	ctx.drawImage(bitmap, rect.left, rect.top, rect.width, rect.height, 0, 0, rect.width, rect.height);
	const { data } = ctx.getImageData(0, 0, rect.width, rect.height);
	return { ...rect, data, channels: 4, pictureWidth: bitmap.width, pictureHeight: bitmap.height };
}

/** The bitmaps' crops at the classifier's size, one picture after the other (classifyCropped's input). */
export function cropBitmaps(classifier: Classifier, bitmaps: ImageBitmap[], crops: Crops): Float32Array {
	const fraction = classifier.entry.preprocessing.crop;
	return cropPictures(bitmaps.map((b) => bitmapRegion(b, fraction, crops)), classifier.inputSize, fraction, crops);
}

/** Top-k for each bitmap, the app's way ('js': crops made here) or with 'backend' cropped by TF.js on the backend. */
export async function classifyBitmaps(classifier: Classifier, bitmaps: ImageBitmap[], k = 5, crops: Crops = 1, preprocessing: Preprocessing = 'js'): Promise<Prediction[][]> {
	if (preprocessing === 'backend') return classifier.classifyBatch(bitmaps, k, crops);
	return classifier.classifyCropped(cropBitmaps(classifier, bitmaps, crops), k, crops);
}
