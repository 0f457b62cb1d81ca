// Picture -> model input: the crop boxes, the backend path (crop, bilinear resize, normalise, inside tf.tidy) and the
// path for crops already made off the backend by core/crop-resize (normalise only).
import * as tf from '@tensorflow/tfjs';
import type { Normalize } from './catalogue';
import { cropSquares, type CropSquare, type Crops } from './crops';

export type { Crops };

/** Anything tf.browser.fromPixels reads, or an RGB tensor [h, w, 3] of 0..255 values. */
export type PixelInput = tf.Tensor3D | tf.PixelData | ImageData | HTMLImageElement | HTMLCanvasElement | ImageBitmap;

type Box = [number, number, number, number];

/** A crop square as a box in tf.image.cropAndResize's normalised coordinates ([y1, x1, y2, x2], 0 and 1 the first and last pixel centres). */
function toBox(s: CropSquare, height: number, width: number): Box {
	const norm = (v: number, n: number) => (n > 1 ? v / (n - 1) : 0);
	return [norm(s.top, height), norm(s.left, width), norm(s.top + s.side - 1, height), norm(s.left + s.side - 1, width)];
}

/** The centre square of `fraction` of the short side, as a cropAndResize box. */
export function centreCropBox(height: number, width: number, fraction: number): Box {
	return toBox(cropSquares(height, width, fraction, 1)[0], height, width);
}

/** The centre and four corner squares (core/crops.cropSquares), as cropAndResize boxes. */
export function fiveCropBoxes(height: number, width: number, fraction: number): Box[] {
	return cropSquares(height, width, fraction, 10).map((s) => toBox(s, height, width));
}

export function toPixelTensor(image: PixelInput): tf.Tensor3D {
	if (image instanceof tf.Tensor) return image;
	return tf.browser.fromPixels(image, 3);
}

/**
 * Crop and resize each picture to size x size (float, still 0..255), then normalise when `normalize`
 * is given. Returns a new [n * crops, size, size, 3] tensor (picture i's crops in rows i*crops ...; with ten,
 * the five boxes of fiveCropBoxes, then the same five mirrored); the inputs are not disposed.
 */
export function preprocessBatch(
	pixels: tf.Tensor3D[],
	size: number,
	crop: number,
	normalize: Normalize | null,
	crops: Crops = 1
): tf.Tensor4D {
	return tf.tidy(() => {
		const resized = pixels.map((p) => {
			const [h, w] = p.shape;
			const image = tf.expandDims(tf.cast(p, 'float32'), 0) as tf.Tensor4D;
			if (crops === 1) return tf.image.cropAndResize(image, [centreCropBox(h, w, crop)], [0], [size, size], 'bilinear');
			// TF.js 4.22's WASM cropAndResize returns the wrong region when a box is exactly the output size (the
			// top-right crop of a 256 px picture at 224 came back as the top-left one; cpu is right). A box 1e-4 px
			// smaller takes the interpolating path; the pixels then differ by less than 0.01 of 255.
			const short = Math.min(h, w);
			const fraction = Math.abs(short * crop - size) < 1e-6 ? crop - 1e-4 / short : crop;
			const five = tf.image.cropAndResize(image, fiveCropBoxes(h, w, fraction), [0, 0, 0, 0, 0], [size, size], 'bilinear');
			return tf.concat([five, tf.image.flipLeftRight(five)], 0);
		});
		return normalized(resized.length === 1 ? resized[0] : tf.concat(resized, 0), normalize);
	});
}

function normalized(batch: tf.Tensor4D, normalize: Normalize | null): tf.Tensor4D {
	if (!normalize) return batch;
	return tf.div(tf.sub(batch, tf.tensor1d(normalize.mean)), tf.tensor1d(normalize.std)) as tf.Tensor4D;
}

/**
 * Crops already made off the backend (core/crop-resize.cropPicture: rows x size x size x 3, float 0..255) -> the
 * model-ready batch, normalised when `normalize` is given.
 */
export function croppedToBatch(pixels: Float32Array, size: number, normalize: Normalize | null): tf.Tensor4D {
	const rows = pixels.length / (size * size * 3);
	if (!Number.isInteger(rows) || rows < 1) throw new Error(`${pixels.length} values are not whole ${size} x ${size} RGB crops`);
	return tf.tidy(() => normalized(tf.tensor4d(pixels, [rows, size, size, 3]), normalize));
}
