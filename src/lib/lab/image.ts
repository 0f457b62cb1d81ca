// A plain RGB picture (float 0..255, row-major, 3 values per pixel): what every lab transform takes and gives.
// Plain typed arrays run the same in Node (unit tests, the sweep CLI) and in the page, with no backend to warm up.

export interface RGBImage {
	width: number;
	height: number;
	/** width * height * 3 values, 0..255. */
	data: Float32Array;
}

export type RGB = [number, number, number];

export function createImage(width: number, height: number, fill: RGB = [0, 0, 0]): RGBImage {
	if (!(width > 0 && height > 0)) throw new Error(`An image needs a positive size, not ${width} x ${height}`);
	const data = new Float32Array(width * height * 3);
	for (let i = 0; i < data.length; i += 3) {
		data[i] = fill[0];
		data[i + 1] = fill[1];
		data[i + 2] = fill[2];
	}
	return { width, height, data };
}

/** From rows of [r, g, b] pixels (handy for hand-made test pictures). */
export function fromPixels(rows: RGB[][]): RGBImage {
	const height = rows.length, width = rows[0]?.length ?? 0;
	const img = createImage(width, height);
	rows.forEach((row, y) => {
		if (row.length !== width) throw new Error('Every row needs the same number of pixels');
		row.forEach((p, x) => img.data.set(p, (y * width + x) * 3));
	});
	return img;
}

export function pixel(img: RGBImage, x: number, y: number): RGB {
	const i = (y * img.width + x) * 3;
	return [img.data[i], img.data[i + 1], img.data[i + 2]];
}

/** From RGBA bytes (ImageData, jpeg-js, pngjs); alpha is dropped. */
export function fromRGBA(rgba: ArrayLike<number>, width: number, height: number): RGBImage {
	if (rgba.length !== width * height * 4) throw new Error(`RGBA data has ${rgba.length} values, expected ${width * height * 4}`);
	const data = new Float32Array(width * height * 3);
	for (let i = 0, j = 0; j < data.length; i += 4, j += 3) {
		data[j] = rgba[i];
		data[j + 1] = rgba[i + 1];
		data[j + 2] = rgba[i + 2];
	}
	return { width, height, data };
}

/** To RGBA bytes (rounded, clamped, opaque), e.g. for ImageData or a JPEG encoder. */
export function toRGBA(img: RGBImage): Uint8ClampedArray<ArrayBuffer> {
	const out = new Uint8ClampedArray(img.width * img.height * 4);
	for (let i = 0, j = 0; i < img.data.length; i += 3, j += 4) {
		out[j] = img.data[i];
		out[j + 1] = img.data[i + 1];
		out[j + 2] = img.data[i + 2];
		out[j + 3] = 255;
	}
	return out;
}

export const clamp255 = (v: number) => (v < 0 ? 0 : v > 255 ? 255 : v);

/** Bilinear sample at (x, y) in pixel-centre coordinates; outside the picture gives `fill`. */
export function sample(img: RGBImage, x: number, y: number, out: RGB, fill: RGB | null = null): RGB {
	const { width: w, height: h, data } = img;
	if (fill && (x < -0.5 || y < -0.5 || x > w - 0.5 || y > h - 0.5)) {
		out[0] = fill[0];
		out[1] = fill[1];
		out[2] = fill[2];
		return out;
	}
	const cx = Math.min(Math.max(x, 0), w - 1), cy = Math.min(Math.max(y, 0), h - 1);
	const x0 = Math.floor(cx), y0 = Math.floor(cy);
	const x1 = Math.min(x0 + 1, w - 1), y1 = Math.min(y0 + 1, h - 1);
	const fx = cx - x0, fy = cy - y0;
	const a = (y0 * w + x0) * 3, b = (y0 * w + x1) * 3, c = (y1 * w + x0) * 3, d = (y1 * w + x1) * 3;
	for (let k = 0; k < 3; k++) {
		const top = data[a + k] + (data[b + k] - data[a + k]) * fx;
		const bottom = data[c + k] + (data[d + k] - data[c + k]) * fx;
		out[k] = top + (bottom - top) * fy;
	}
	return out;
}

/**
 * Resize the region (sx, sy, sw, sh) of `img` (pixel units, may be fractional) to width x height, bilinear.
 * Shrinking by more than 2x first averages boxes, so small copies are not aliased.
 */
export function resizeRegion(img: RGBImage, sx: number, sy: number, sw: number, sh: number, width: number, height: number): RGBImage {
	width = Math.max(1, Math.round(width));
	height = Math.max(1, Math.round(height));
	const out = createImage(width, height);
	const scaleX = sw / width, scaleY = sh / height;
	if (scaleX > 2 || scaleY > 2) {
		// Area average: each output pixel is the mean of the source pixels its box covers.
		const { width: w, data } = img;
		for (let y = 0; y < height; y++) {
			const y0 = Math.max(0, Math.floor(sy + y * scaleY)), y1 = Math.min(img.height, Math.max(y0 + 1, Math.floor(sy + (y + 1) * scaleY)));
			for (let x = 0; x < width; x++) {
				const x0 = Math.max(0, Math.floor(sx + x * scaleX)), x1 = Math.min(w, Math.max(x0 + 1, Math.floor(sx + (x + 1) * scaleX)));
				let r = 0, g = 0, b = 0;
				for (let yy = y0; yy < y1; yy++)
					for (let xx = x0; xx < x1; xx++) {
						const i = (yy * w + xx) * 3;
						r += data[i];
						g += data[i + 1];
						b += data[i + 2];
					}
				const n = Math.max(1, (y1 - y0) * (x1 - x0)), o = (y * width + x) * 3;
				out.data[o] = r / n;
				out.data[o + 1] = g / n;
				out.data[o + 2] = b / n;
			}
		}
		return out;
	}
	const p: RGB = [0, 0, 0];
	for (let y = 0; y < height; y++)
		for (let x = 0; x < width; x++) {
			sample(img, sx + (x + 0.5) * scaleX - 0.5, sy + (y + 0.5) * scaleY - 0.5, p);
			out.data.set(p, (y * width + x) * 3);
		}
	return out;
}

export function resize(img: RGBImage, width: number, height: number): RGBImage {
	if (width === img.width && height === img.height) return { ...img, data: img.data.slice() };
	return resizeRegion(img, 0, 0, img.width, img.height, width, height);
}

/** Copy `src` into `dst` (in place) with its top-left corner at (x, y); parts outside are clipped. */
export function paste(dst: RGBImage, src: RGBImage, x: number, y: number): void {
	for (let sy = 0; sy < src.height; sy++) {
		const dy = y + sy;
		if (dy < 0 || dy >= dst.height) continue;
		for (let sx = 0; sx < src.width; sx++) {
			const dx = x + sx;
			if (dx < 0 || dx >= dst.width) continue;
			const s = (sy * src.width + sx) * 3, d = (dy * dst.width + dx) * 3;
			dst.data[d] = src.data[s];
			dst.data[d + 1] = src.data[s + 1];
			dst.data[d + 2] = src.data[s + 2];
		}
	}
}


/** Standard normal numbers from a uniform generator (Box-Muller). */
export function gaussian(random: () => number): () => number {
	let spare: number | null = null;
	return () => {
		if (spare !== null) {
			const s = spare;
			spare = null;
			return s;
		}
		const u = Math.max(random(), 1e-12), v = random();
		const r = Math.sqrt(-2 * Math.log(u));
		spare = r * Math.sin(2 * Math.PI * v);
		return r * Math.cos(2 * Math.PI * v);
	};
}
