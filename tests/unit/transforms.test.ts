// Every lab transform on small hand-made pictures whose right answer can be worked out by hand.
import { describe, expect, test } from 'vitest';
import jpeg from 'jpeg-js';
import { createImage, fromPixels, fromRGBA, pixel, resize, toRGBA, type RGB, type RGBImage } from '../../src/lib/lab/image';
import { seededRandom } from '../../src/lib/core/random';
import {
	applyTransforms, blur, blurPixels, closeUp, clutter, collage, collageGrid, contrast, gaussianKernel, getTransform, greyscale, hueShift,
	jpegQuality, noise, occlude, patchBox, rotate, saturation, sepia, smallObject, TRANSFORMS, vignette, vintage, type JpegCodec
} from '../../src/lib/lab/transforms';

const R: RGB = [255, 0, 0], G: RGB = [0, 255, 0], B: RGB = [0, 0, 255], K: RGB = [0, 0, 0], W: RGB = [255, 255, 255];
const px = (img: RGBImage, x: number, y: number) => pixel(img, x, y).map((v) => Math.round(v * 1000) / 1000);
const all = (img: RGBImage) => Array.from({ length: img.height }, (_, y) => Array.from({ length: img.width }, (_, x) => px(img, x, y)));

/** 3x3, pixel (x, y) = [10 * (3y + x), 0, 0]: every pixel different, so moves are visible. */
const counting = () => fromPixels([0, 1, 2].map((y) => [0, 1, 2].map((x) => [10 * (3 * y + x), 0, 0] as RGB)));

const jpegJs: JpegCodec = async (rgba, width, height, quality) => {
	const enc = jpeg.encode({ data: Buffer.from(rgba.buffer, rgba.byteOffset, rgba.length), width, height }, quality);
	return jpeg.decode(enc.data, { useTArray: true, formatAsRGBA: true });
};

describe('image helpers', () => {
	test('RGBA round trip drops alpha and rounds', () => {
		const img = fromRGBA([1, 2, 3, 9, 250, 251, 252, 0], 2, 1);
		expect(all(img)).toEqual([[[1, 2, 3], [250, 251, 252]]]);
		expect(Array.from(toRGBA(img))).toEqual([1, 2, 3, 255, 250, 251, 252, 255]);
	});
	test('a wrongly sized RGBA buffer is refused', () => {
		expect(() => fromRGBA([1, 2, 3], 1, 1)).toThrow(/expected 4/);
	});
	test('resize 4x4 -> 2x2 averages each 2x2 block; 2x2 -> 4x4 keeps the corners', () => {
		const img = fromPixels([
			[[0, 0, 0], [40, 0, 0], [100, 0, 0], [100, 0, 0]],
			[[0, 0, 0], [40, 0, 0], [100, 0, 0], [100, 0, 0]],
			[[8, 0, 0], [8, 0, 0], [0, 0, 0], [0, 0, 0]],
			[[8, 0, 0], [8, 0, 0], [0, 0, 40], [0, 0, 0]]
		]);
		expect(all(resize(img, 2, 2))).toEqual([[[20, 0, 0], [100, 0, 0]], [[8, 0, 0], [0, 0, 10]]]);
		const up = resize(fromPixels([[K, W], [W, K]]), 4, 4);
		expect(px(up, 0, 0)).toEqual(K);
		expect(px(up, 3, 0)).toEqual(W);
		// Output pixel (1, 1) samples the source at (0.25, 0.25): 2 * 0.25 * 0.75 of the way to white.
		expect(px(up, 1, 1)[0]).toBeCloseTo(255 * 0.375, 3);
	});
	test('the seeded generator repeats for a seed and differs between seeds', () => {
		const a = seededRandom(7), b = seededRandom(7), c = seededRandom(8);
		const sa = [a(), a(), a()], sb = [b(), b(), b()], sc = [c(), c(), c()];
		expect(sa).toEqual(sb);
		expect(sa).not.toEqual(sc);
		expect(sa.every((v) => v >= 0 && v < 1)).toBe(true);
	});
});

describe('photo filters', () => {
	const two = () => fromPixels([[[0, 0, 0], [200, 200, 200]]]); // mean brightness 100

	test('contrast scales distances from the mean brightness', () => {
		expect(all(contrast(two(), 0.5))).toEqual([[[50, 50, 50], [150, 150, 150]]]);
		expect(all(contrast(two(), 0))).toEqual([[[100, 100, 100], [100, 100, 100]]]);
		expect(all(contrast(two(), 2))).toEqual([[[0, 0, 0], [255, 255, 255]]]); // -100 and 300 clamped
		expect(all(contrast(two(), 1))).toEqual(all(two()));
	});

	test('saturation 0 gives the luma grey; 1 leaves colours; greyscale is saturation 0', () => {
		const img = fromPixels([[R, [100, 50, 0]]]);
		// luma(R) = 0.299 * 255 = 76.245; luma(100, 50, 0) = 29.9 + 29.35 = 59.25
		expect(all(saturation(img, 0))).toEqual([[[76.245, 76.245, 76.245], [59.25, 59.25, 59.25]]]);
		expect(all(greyscale(img))).toEqual(all(saturation(img, 0)));
		expect(all(saturation(img, 1))).toEqual(all(img));
		expect(px(saturation(fromPixels([[[100, 50, 0]]]), 2), 0, 0)).toEqual([140.75, 40.75, 0]); // 59.25 + 2 * (v - 59.25), clamped
		const half = px(greyscale(img, 0.5), 0, 0); // half way to grey
		[165.6225, 38.1225, 38.1225].forEach((v, i) => expect(half[i]).toBeCloseTo(v, 2));
	});

	test('hue shift turns red to green at 120 and to blue at 240, keeps greys and round-trips', () => {
		const img = fromPixels([[R, G, [128, 128, 128], [200, 100, 50]]]);
		expect(all(hueShift(img, 120))).toEqual([[G, B, [128, 128, 128], [50, 200, 100]]]);
		expect(all(hueShift(img, -120))).toEqual([[B, R, [128, 128, 128], [100, 50, 200]]]);
		expect(all(hueShift(img, 360))).toEqual(all(img));
		expect(px(hueShift(fromPixels([[R]]), 60), 0, 0)).toEqual([255, 255, 0]); // yellow
	});

	test('sepia maps white to its tint (clamped) and blends by amount', () => {
		const img = fromPixels([[[100, 100, 100]]]);
		expect(px(sepia(img, 1), 0, 0)).toEqual([135.1, 120.3, 93.7]); // row sums 1.351, 1.203, 0.937
		expect(px(sepia(img, 0), 0, 0)).toEqual([100, 100, 100]);
		expect(px(sepia(img, 0.5), 0, 0)).toEqual([117.55, 110.15, 96.85]);
		expect(px(sepia(fromPixels([[W]]), 1), 0, 0)).toEqual([255, 255, 238.935]);
	});

	test('vignette leaves the centre and darkens the corners by the strength', () => {
		const grey = createImage(3, 3, [200, 200, 200]);
		const v = vignette(grey, 0.5);
		expect(px(v, 1, 1)).toEqual([200, 200, 200]);
		expect(px(v, 0, 0)).toEqual([100, 100, 100]); // corner: 1 - 0.5 * 1
		expect(px(v, 1, 0)).toEqual([150, 150, 150]); // edge middle: d^2 = 1/2 -> 1 - 0.25
		expect(all(vignette(grey, 0))).toEqual(all(grey));
	});

	test('vintage at 0 is the picture; at 1 it is brown and darker in the corners', () => {
		const grey = createImage(3, 3, [120, 120, 120]);
		expect(all(vintage(grey, 0))).toEqual(all(grey));
		const v = vintage(grey, 1);
		const [r, g, b] = px(v, 1, 1);
		expect(r).toBeGreaterThan(g);
		expect(g).toBeGreaterThan(b);
		expect(px(v, 0, 0)[0]).toBeLessThan(r);
	});
});

describe('geometry', () => {
	test('rotate 90 clockwise moves the left column to the top row', () => {
		const r = rotate(counting(), 90);
		// Original rows: [0 10 20] [30 40 50] [60 70 80]; turned clockwise: [60 30 0] [70 40 10] [80 50 20].
		expect(all(r).map((row) => row.map((p) => p[0]))).toEqual([[60, 30, 0], [70, 40, 10], [80, 50, 20]]);
		expect(all(rotate(counting(), 360))).toEqual(all(counting()));
		expect(all(rotate(rotate(counting(), 90), -90))).toEqual(all(counting()));
	});

	test('rotate 45 fills the corners it brings in', () => {
		const img = createImage(5, 5, [200, 200, 200]);
		const r = rotate(img, 45, [1, 2, 3]);
		expect(px(r, 0, 0)).toEqual([1, 2, 3]);
		expect(px(r, 2, 2)).toEqual([200, 200, 200]);
	});

	test('close-up 2x on a 4x4 picture enlarges its centre 2x2 (bilinear at pixel centres)', () => {
		const img = fromPixels([
			[K, K, K, K],
			[K, R, R, K],
			[K, R, R, K],
			[K, K, K, K]
		]);
		// Output pixel x samples the source at 1 + (x + 0.5) / 2 - 0.5: 0.75, 1.25, 1.75, 2.25.
		const c = all(closeUp(img, 2)).map((row) => row.map((p) => p[0]));
		const e = 191.25, k = 143.438; // 0.75 * 255 and 0.75^2 * 255, rounded as px() rounds
		expect(c).toEqual([
			[k, e, e, k],
			[e, 255, 255, e],
			[e, 255, 255, e],
			[k, e, e, k]
		]);
		expect(all(closeUp(img, 1))).toEqual(all(img));
		// Zooming at the top-left corner shows the black border there.
		expect(px(closeUp(img, 2, 0, 0), 0, 0)).toEqual(K);
	});

	test('small object: a 4x4 white picture at half size sits in the middle of grey', () => {
		const s = smallObject(createImage(4, 4, W), 0.5);
		const grey = [128, 128, 128];
		expect(all(s)).toEqual([
			[grey, grey, grey, grey],
			[grey, W, W, grey],
			[grey, W, W, grey],
			[grey, grey, grey, grey]
		]);
		expect(px(smallObject(createImage(4, 4, W), 0.5, R), 0, 0)).toEqual(R);
		expect(all(smallObject(createImage(4, 4, W), 1))).toEqual(all(createImage(4, 4, W)));
	});

	test('clutter is seeded and busy; a cluttered small object keeps the object in the middle', () => {
		const a = clutter(32, 32, 3), b = clutter(32, 32, 3), c = clutter(32, 32, 4);
		expect(a.data).toEqual(b.data);
		expect(a.data).not.toEqual(c.data);
		const colours = new Set(all(a).flat().map((p) => p.join()));
		expect(colours.size).toBeGreaterThan(10);
		const s = smallObject(createImage(32, 32, [7, 7, 7]), 0.25, a);
		expect(px(s, 16, 16)).toEqual([7, 7, 7]);
		expect(px(s, 0, 0)).toEqual(px(a, 0, 0));
	});

	test('collage grid: 2 side by side, 3 and 4 in 2x2', () => {
		expect(collageGrid(1)).toEqual({ cols: 1, rows: 1 });
		expect(collageGrid(2)).toEqual({ cols: 2, rows: 1 });
		expect(collageGrid(3)).toEqual({ cols: 2, rows: 2 });
		expect(collageGrid(4)).toEqual({ cols: 2, rows: 2 });
	});

	test('collage of four 2x2 pictures in 4x4 places each in its quarter; two pictures fit their halves', () => {
		const c = collage([R, G, B, W].map((p) => createImage(2, 2, p)), 4, 4);
		expect(all(c)).toEqual([
			[R, R, G, G],
			[R, R, G, G],
			[B, B, W, W],
			[B, B, W, W]
		]);
		// Two squares in a 4x4: each scaled to 2x2, centred vertically in its 2x4 half, the rest filled.
		const two = collage([createImage(3, 3, R), createImage(3, 3, B)], 4, 4, K);
		expect(all(two)).toEqual([
			[K, K, K, K],
			[R, R, B, B],
			[R, R, B, B],
			[K, K, K, K]
		]);
		expect(() => collage([], 4, 4)).toThrow(/at least one/);
	});

	test('occluding patch covers exactly the pixels whose centres lie in the square', () => {
		expect(patchBox(4, 4, { x: 0.5, y: 0.5, size: 0.5 })).toEqual({ x0: 1, x1: 3, y0: 1, y1: 3 });
		expect(patchBox(4, 4, { x: 0, y: 0, size: 0.5 })).toEqual({ x0: 0, x1: 1, y0: 0, y1: 1 });
		const o = occlude(createImage(4, 4, W), { x: 0.25, y: 0.75, size: 0.5, colour: K });
		expect(all(o)).toEqual([
			[W, W, W, W],
			[W, W, W, W],
			[K, K, W, W],
			[K, K, W, W]
		]);
	});
});

describe('blur, noise, JPEG', () => {
	test('the Gaussian kernel is normalised and symmetric', () => {
		const k = Array.from(gaussianKernel(1));
		expect(k.length).toBe(7);
		expect(k.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
		expect(k[0]).toBeCloseTo(k[6], 7);
		expect(k[3] / k[2]).toBeCloseTo(Math.exp(0.5), 5);
	});

	test('blur spreads one bright pixel by the kernel and keeps a flat picture flat', () => {
		const dot = createImage(9, 9);
		dot.data.set([255, 255, 255], (4 * 9 + 4) * 3);
		const b = blurPixels(dot, 1);
		const k = gaussianKernel(1);
		expect(px(b, 4, 4)[0]).toBeCloseTo(255 * k[3] * k[3], 2);
		expect(px(b, 5, 4)[0]).toBeCloseTo(255 * k[4] * k[3], 2);
		expect(px(b, 6, 6)[0]).toBeCloseTo(255 * k[5] * k[5], 2);
		let sum = 0;
		for (let i = 0; i < b.data.length; i += 3) sum += b.data[i];
		expect(sum).toBeCloseTo(255, 1);
		expect(all(blurPixels(createImage(5, 5, [90, 80, 70]), 2)).flat().every((p) => p.every((v, i) => Math.abs(v - [90, 80, 70][i]) < 1e-3))).toBe(true);
		expect(all(blur(dot, 0))).toEqual(all(dot));
	});

	test('blur sigma is per 224 pixels: a 448-pixel picture gets twice the pixel sigma', () => {
		const img = createImage(448, 448);
		img.data.set([255, 255, 255], (224 * 448 + 224) * 3);
		const a = blur(img, 1), b = blurPixels(img, 2);
		// Compared as bytes: toEqual walks 600,000 floats one matcher step at a time (seconds).
		const bytes = (f: Float32Array) => Buffer.from(f.buffer, f.byteOffset, f.byteLength);
		expect(bytes(a.data).equals(bytes(b.data))).toBe(true);
		expect(bytes(a.data).equals(bytes(blurPixels(img, 1).data))).toBe(false);
	});

	test('noise is seeded, has the asked standard deviation and zero mean', () => {
		const grey = createImage(64, 64, [128, 128, 128]);
		const a = noise(grey, 10, 5), b = noise(grey, 10, 5), c = noise(grey, 10, 6);
		expect(a.data).toEqual(b.data);
		expect(a.data).not.toEqual(c.data);
		const d = Array.from(a.data, (v) => v - 128);
		const mean = d.reduce((s, v) => s + v, 0) / d.length;
		const sd = Math.sqrt(d.reduce((s, v) => s + (v - mean) ** 2, 0) / d.length);
		expect(Math.abs(mean)).toBeLessThan(0.5);
		expect(sd).toBeGreaterThan(9.5);
		expect(sd).toBeLessThan(10.5);
		expect(all(noise(grey, 0))).toEqual(all(grey));
		expect(Math.max(...noise(createImage(8, 8, W), 50).data)).toBe(255); // clamped
	});

	test('JPEG: a flat picture survives, detail loses more at low quality, the codec is what is injected', async () => {
		const flat = createImage(16, 16, [100, 150, 200]);
		const f = await jpegQuality(flat, 90, jpegJs);
		expect(all(f).flat().every((p) => p.every((v, i) => Math.abs(v - [100, 150, 200][i]) <= 3))).toBe(true);
		const rand = seededRandom(1);
		const detail = createImage(32, 32);
		for (let i = 0; i < detail.data.length; i++) detail.data[i] = Math.floor(rand() * 256);
		const err = (x: RGBImage) => x.data.reduce((s, v, i) => s + Math.abs(v - detail.data[i]), 0) / x.data.length;
		const hi = err(await jpegQuality(detail, 95, jpegJs)), lo = err(await jpegQuality(detail, 5, jpegJs));
		expect(lo).toBeGreaterThan(hi * 2);
		let asked = 0;
		const spy: JpegCodec = async (rgba, w, h, q) => ((asked = q), { data: rgba, width: w, height: h });
		expect(all(await jpegQuality(counting(), 0.2, spy))).toEqual(all(counting()));
		expect(asked).toBe(1); // clamped to 1..100
		await expect(jpegQuality(counting(), 50, async () => ({ data: [], width: 1, height: 1 }))).rejects.toThrow(/size/);
	});
});

describe('the registry', () => {
	test('every transform leaves the picture as it is at its identity strength', async () => {
		const img = counting();
		for (const t of TRANSFORMS) {
			expect(t.min <= t.identity && t.identity <= t.max, t.id).toBe(true);
			expect(t.sweep.every((s) => s >= t.min && s <= t.max), t.id).toBe(true);
			const out = await t.apply(img, t.identity, { jpeg: jpegJs });
			expect(all(out), t.id).toEqual(all(img));
		}
	});

	test('every transform changes a picture at its initial strength, and does not touch its input', async () => {
		const rand = seededRandom(2);
		const img = createImage(24, 24);
		for (let i = 0; i < img.data.length; i++) img.data[i] = 30 + Math.floor(rand() * 200);
		const before = img.data.slice();
		for (const t of TRANSFORMS) {
			const out = await t.apply(img, t.initial, { jpeg: jpegJs });
			expect(out.width, t.id).toBe(24);
			expect(out.height, t.id).toBe(24);
			expect(out.data, t.id).not.toEqual(img.data);
			expect(img.data, `${t.id} changed its input`).toEqual(before);
		}
	});

	test('applyTransforms runs the steps in registry order and skips identities', async () => {
		const img = counting();
		const both = await applyTransforms(img, [{ id: 'contrast', strength: 0.5 }, { id: 'rotate', strength: 90 }]);
		expect(all(both)).toEqual(all(contrast(rotate(img, 90), 0.5)));
		expect(all(await applyTransforms(img, [{ id: 'blur', strength: 0 }]))).toEqual(all(img));
		expect(() => getTransform('nope')).toThrow(/Unknown transform "nope"/);
		await expect(applyTransforms(img, [{ id: 'jpeg', strength: 10 }])).rejects.toThrow(/codec/);
	});
});
