// Picture -> model input, on the backend inside tf.tidy: centre crop, bilinear resize, normalise.
import * as tf from '@tensorflow/tfjs';
import type { Normalize } from './catalogue';
import type { Crops } from './crops';

export type { Crops };

/** Anything tf.browser.fromPixels reads, or an RGB tensor [h, w, 3] of 0..255 values. */
export type PixelInput = tf.Tensor3D | tf.PixelData | ImageData | HTMLImageElement | HTMLCanvasElement | ImageBitmap;

/**
 * The centre square of `fraction` of the short side, as a crop box in tf.image.cropAndResize's
 * normalised coordinates ([y1, x1, y2, x2], where 0 and 1 are the first and last pixel centres).
 */
export function centreCropBox(height: number, width: number, fraction: number): [number, number, number, number] {
	const side = Math.min(height, width) * fraction;
	const top = (height - side) / 2;
	const left = (width - side) / 2;
	const norm = (v: number, n: number) => (n > 1 ? v / (n - 1) : 0);
	return [norm(top, height), norm(left, width), norm(top + side - 1, height), norm(left + side - 1, width)];
}

type Box = [number, number, number, number];


/**
 * The centre square and the four corner squares (top-left, top-right, bottom-left, bottom-right), each of
 * `fraction` of the short side, in cropAndResize's normalised coordinates. Mirrored, these make the ten crops
 * the 2012-2014 ILSVRC entries averaged over (224 of 256, hence the same 87.5% as the single centre crop).
 */
export function fiveCropBoxes(height: number, width: number, fraction: number): Box[] {
	const side = Math.min(height, width) * fraction;
	const norm = (v: number, n: number) => (n > 1 ? v / (n - 1) : 0);
	const box = (top: number, left: number): Box => [norm(top, height), norm(left, width), norm(top + side - 1, height), norm(left + side - 1, width)];
	const bottom = height - side, right = width - side;
	return [centreCropBox(height, width, fraction), box(0, 0), box(0, right), box(bottom, 0), box(bottom, right)];
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
		const batch = resized.length === 1 ? resized[0] : tf.concat(resized, 0);
		if (!normalize) return batch;
		return tf.div(tf.sub(batch, tf.tensor1d(normalize.mean)), tf.tensor1d(normalize.std)) as tf.Tensor4D;
	});
}
