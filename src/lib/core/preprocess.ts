// Picture -> model input, on the backend inside tf.tidy: centre crop, bilinear resize, normalise.
import * as tf from '@tensorflow/tfjs';
import type { Normalize } from './catalogue';

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

export function toPixelTensor(image: PixelInput): tf.Tensor3D {
	if (image instanceof tf.Tensor) return image;
	return tf.browser.fromPixels(image, 3);
}

/**
 * Crop and resize each picture to size x size (float, still 0..255), then normalise when `normalize`
 * is given. Returns a new [n, size, size, 3] tensor; the inputs are not disposed.
 */
export function preprocessBatch(
	pixels: tf.Tensor3D[],
	size: number,
	crop: number,
	normalize: Normalize | null
): tf.Tensor4D {
	return tf.tidy(() => {
		const resized = pixels.map((p) => {
			const [h, w] = p.shape;
			const image = tf.expandDims(tf.cast(p, 'float32'), 0) as tf.Tensor4D;
			return tf.image.cropAndResize(image, [centreCropBox(h, w, crop)], [0], [size, size], 'bilinear');
		});
		const batch = resized.length === 1 ? resized[0] : tf.concat(resized, 0);
		if (!normalize) return batch;
		return tf.div(tf.sub(batch, tf.tensor1d(normalize.mean)), tf.tensor1d(normalize.std)) as tf.Tensor4D;
	});
}
