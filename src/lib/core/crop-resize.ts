// The crop and bilinear resize that turn a picture's pixels into the model's input, in plain TypeScript (no TF.js):
// the same arithmetic as tf.image.cropAndResize (so the answers are the ones the backend crop gives), but run on
// only the pixels the crop samples, where the picture already is (in the worker, or in Node), instead of
// uploading the whole picture to the backend, casting it to float and cropping it there.
import { cropSquares, type Crops, type CropSquare } from './crops';

/** The pixels that a crop reads, as whole pixels of the picture. */
export interface PixelRect {
	left: number;
	top: number;
	width: number;
	height: number;
}

/** A rectangle of a picture's pixels, row-major, RGB or RGBA (alpha ignored), 0..255. */
export interface PixelRegion extends PixelRect {
	data: ArrayLike<number>;
	channels: 3 | 4;
	pictureWidth: number;
	pictureHeight: number;
}

/**
 * The whole pixels that the bilinear samples of the picture's crops touch (samples lie between the first and
 * last pixel centres of each square: core/preprocess's boxes), so a caller can read just these.
 */
export function sampledRect(pictureHeight: number, pictureWidth: number, fraction: number, crops: Crops): PixelRect {
	const squares = cropSquares(pictureHeight, pictureWidth, fraction, crops);
	const top = Math.max(0, Math.floor(Math.min(...squares.map((s) => s.top))));
	const left = Math.max(0, Math.floor(Math.min(...squares.map((s) => s.left))));
	const bottom = Math.min(pictureHeight - 1, Math.ceil(Math.max(...squares.map((s) => s.top + s.side - 1))));
	const right = Math.min(pictureWidth - 1, Math.ceil(Math.max(...squares.map((s) => s.left + s.side - 1))));
	return { left, top, width: Math.max(1, right - left + 1), height: Math.max(1, bottom - top + 1) };
}

/**
 * Sample positions along one axis, as tf.image.cropAndResize computes them for a box from `start` to `end`
 * (pixel centres, in picture coordinates): `size` samples, each as its lower pixel, the next one and the weight.
 */
function axis(start: number, end: number, size: number, length: number, origin: number, regionLength: number) {
	const low = new Int32Array(size), high = new Int32Array(size), weight = new Float32Array(size);
	const scale = size > 1 ? (end - start) / (size - 1) : 0;
	for (let i = 0; i < size; i++) {
		const at = size > 1 ? start + i * scale : 0.5 * (start + end);
		const clamped = Math.min(Math.max(at, 0), length - 1); // the squares lie inside the picture; guard rounding
		const lo = Math.floor(clamped);
		low[i] = Math.min(Math.max(lo - origin, 0), regionLength - 1);
		high[i] = Math.min(Math.max(Math.ceil(clamped) - origin, 0), regionLength - 1);
		weight[i] = clamped - lo;
	}
	return { low, high, weight };
}

/** One square resized to size x size into `out` at `offset` (RGB float, 0..255), mirrored left-right if asked. */
function resizeSquare(region: PixelRegion, square: CropSquare, size: number, mirrored: boolean, out: Float32Array, offset: number): void {
	const ys = axis(square.top, square.top + square.side - 1, size, region.pictureHeight, region.top, region.height);
	const xs = axis(square.left, square.left + square.side - 1, size, region.pictureWidth, region.left, region.width);
	const { data, channels, width } = region;
	for (let y = 0; y < size; y++) {
		const top = ys.low[y] * width, bottom = ys.high[y] * width, wy = ys.weight[y];
		let o = offset + y * size * 3;
		for (let i = 0; i < size; i++) {
			const x = mirrored ? size - 1 - i : i;
			const l = xs.low[x], r = xs.high[x], wx = xs.weight[x];
			const tl = (top + l) * channels, tr = (top + r) * channels, bl = (bottom + l) * channels, br = (bottom + r) * channels;
			for (let c = 0; c < 3; c++) {
				const t = data[tl + c] + (data[tr + c] - data[tl + c]) * wx;
				const b = data[bl + c] + (data[br + c] - data[bl + c]) * wx;
				out[o++] = t + (b - t) * wy;
			}
		}
	}
}

/**
 * A picture's crops at size x size, as one Float32Array of crops x size x size x 3 (0..255): the centre square,
 * or with ten looks the five squares of core/crops.cropSquares and then the same five mirrored, the order
 * core/preprocess.preprocessBatch gives. `region` must hold at least sampledRect's pixels.
 */
export function cropPicture(region: PixelRegion, size: number, fraction: number, crops: Crops): Float32Array {
	const squares = cropSquares(region.pictureHeight, region.pictureWidth, fraction, crops);
	const out = new Float32Array(crops * size * size * 3);
	const per = size * size * 3;
	squares.forEach((s, i) => resizeSquare(region, s, size, false, out, i * per));
	if (crops === 10) squares.forEach((s, i) => resizeSquare(region, s, size, true, out, (5 + i) * per));
	return out;
}

/** Several pictures' crops, one picture after the other: the input of Classifier.classifyCropped. */
export function cropPictures(regions: PixelRegion[], size: number, fraction: number, crops: Crops): Float32Array {
	if (regions.length === 1) return cropPicture(regions[0], size, fraction, crops);
	const per = crops * size * size * 3;
	const out = new Float32Array(regions.length * per);
	regions.forEach((r, i) => out.set(cropPicture(r, size, fraction, crops), i * per));
	return out;
}
