// The failure modes of the 2014 analysis (and later ones) as pure picture transforms: RGBImage in, new RGBImage out.
// Each one has a single "strength" so the bench can put it on a slider and a sweep can step along it.
import { clamp255, createImage, fromRGBA, gaussian, paste, resize, resizeRegion, sample, toRGBA, type RGB, type RGBImage } from './image';
import { seededRandom } from '../core/random';

const LUMA: RGB = [0.299, 0.587, 0.114];

function map(img: RGBImage, f: (r: number, g: number, b: number, out: Float32Array, o: number, i: number) => void): RGBImage {
	const out = new Float32Array(img.data.length);
	const d = img.data;
	for (let o = 0; o < d.length; o += 3) f(d[o], d[o + 1], d[o + 2], out, o, o / 3);
	for (let o = 0; o < out.length; o++) out[o] = clamp255(out[o]);
	return { width: img.width, height: img.height, data: out };
}

const copy = (img: RGBImage): RGBImage => ({ width: img.width, height: img.height, data: img.data.slice() });

/** Stretch (factor > 1) or flatten (< 1) the values around the picture's mean brightness; 0 gives flat grey. */
export function contrast(img: RGBImage, factor: number): RGBImage {
	let sum = 0;
	for (let o = 0; o < img.data.length; o += 3) sum += LUMA[0] * img.data[o] + LUMA[1] * img.data[o + 1] + LUMA[2] * img.data[o + 2];
	const mean = sum / (img.width * img.height);
	return map(img, (r, g, b, out, o) => {
		out[o] = mean + (r - mean) * factor;
		out[o + 1] = mean + (g - mean) * factor;
		out[o + 2] = mean + (b - mean) * factor;
	});
}

/** Scale each pixel's distance from its own grey (luma): 0 = greyscale, 1 = unchanged, 2 = twice as colourful. */
export function saturation(img: RGBImage, factor: number): RGBImage {
	return map(img, (r, g, b, out, o) => {
		const y = LUMA[0] * r + LUMA[1] * g + LUMA[2] * b;
		out[o] = y + (r - y) * factor;
		out[o + 1] = y + (g - y) * factor;
		out[o + 2] = y + (b - y) * factor;
	});
}

/** Blend towards greyscale: 0 = unchanged, 1 = fully grey. */
export function greyscale(img: RGBImage, amount = 1): RGBImage {
	return saturation(img, 1 - amount);
}

/** Turn every colour's hue by `degrees` on the HSV colour wheel (red -> green at 120). Brightness and saturation stay. */
export function hueShift(img: RGBImage, degrees: number): RGBImage {
	const shift = (((degrees % 360) + 360) % 360) / 60;
	return map(img, (r, g, b, out, o) => {
		const max = Math.max(r, g, b), min = Math.min(r, g, b), c = max - min;
		if (c === 0) {
			out[o] = r;
			out[o + 1] = g;
			out[o + 2] = b;
			return;
		}
		let h = max === r ? (g - b) / c : max === g ? (b - r) / c + 2 : (r - g) / c + 4;
		h = (((h + shift) % 6) + 6) % 6;
		const x = c * (1 - Math.abs((h % 2) - 1));
		const [r1, g1, b1] = h < 1 ? [c, x, 0] : h < 2 ? [x, c, 0] : h < 3 ? [0, c, x] : h < 4 ? [0, x, c] : h < 5 ? [x, 0, c] : [c, 0, x];
		out[o] = r1 + min;
		out[o + 1] = g1 + min;
		out[o + 2] = b1 + min;
	});
}

/** The classic sepia matrix, blended in by `amount` (0..1). */
export function sepia(img: RGBImage, amount = 1): RGBImage {
	const a = amount, k = 1 - amount;
	return map(img, (r, g, b, out, o) => {
		out[o] = k * r + a * (0.393 * r + 0.769 * g + 0.189 * b);
		out[o + 1] = k * g + a * (0.349 * r + 0.686 * g + 0.168 * b);
		out[o + 2] = k * b + a * (0.272 * r + 0.534 * g + 0.131 * b);
	});
}

/** Darken towards the edges: factor 1 - strength * d^2, d = distance from the centre / half the diagonal. */
export function vignette(img: RGBImage, strength: number): RGBImage {
	const { width: w, height: h } = img;
	const cx = (w - 1) / 2, cy = (h - 1) / 2, r2 = cx * cx + cy * cy || 1;
	return map(img, (r, g, b, out, o, i) => {
		const x = i % w, y = Math.floor(i / w);
		const f = 1 - (strength * ((x - cx) ** 2 + (y - cy) ** 2)) / r2;
		out[o] = r * f;
		out[o + 1] = g * f;
		out[o + 2] = b * f;
	});
}

/** An old photo: sepia, a vignette and faded contrast together, all scaled by `amount` (0..1). */
export function vintage(img: RGBImage, amount: number): RGBImage {
	return vignette(contrast(sepia(img, amount), 1 - 0.3 * amount), 0.7 * amount);
}

/** Rotate clockwise by `degrees` about the centre, same size, bilinear; corners brought in from outside get `fill`. */
export function rotate(img: RGBImage, degrees: number, fill: RGB = [0, 0, 0]): RGBImage {
	const { width: w, height: h } = img;
	const t = (degrees * Math.PI) / 180;
	// Snap cos/sin so quarter turns move pixels exactly (cos 90° is 6e-17 in floating point).
	const snap = (v: number) => (Math.abs(v) < 1e-12 ? 0 : Math.abs(Math.abs(v) - 1) < 1e-12 ? Math.sign(v) : v);
	const cos = snap(Math.cos(t)), sin = snap(Math.sin(t));
	const cx = (w - 1) / 2, cy = (h - 1) / 2;
	const out = createImage(w, h);
	const p: RGB = [0, 0, 0];
	for (let y = 0; y < h; y++)
		for (let x = 0; x < w; x++) {
			const dx = x - cx, dy = y - cy;
			sample(img, cx + dx * cos + dy * sin, cy - dx * sin + dy * cos, p, fill);
			out.data.set(p, (y * w + x) * 3);
		}
	return out;
}

/** Zoom in `zoom` times (>= 1) on the point (cx, cy) (fractions of the width and height), back to the same size. */
export function closeUp(img: RGBImage, zoom: number, cx = 0.5, cy = 0.5): RGBImage {
	if (zoom <= 1) return copy(img);
	const { width: w, height: h } = img;
	const sw = w / zoom, sh = h / zoom;
	const sx = Math.min(Math.max(cx * w - sw / 2, 0), w - sw), sy = Math.min(Math.max(cy * h - sh / 2, 0), h - sh);
	return resizeRegion(img, sx, sy, sw, sh, w, h);
}

export const PLAIN_GREY: RGB = [128, 128, 128];

/** A busy, seeded background of overlapping coloured rectangles and discs (the same seed gives the same clutter). */
export function clutter(width: number, height: number, seed = 1): RGBImage {
	const rand = seededRandom(seed);
	const img = createImage(width, height, [Math.floor(rand() * 256), Math.floor(rand() * 256), Math.floor(rand() * 256)]);
	const shapes = 80;
	for (let s = 0; s < shapes; s++) {
		const colour: RGB = [Math.floor(rand() * 256), Math.floor(rand() * 256), Math.floor(rand() * 256)];
		const bw = (0.05 + rand() * 0.3) * width, bh = (0.05 + rand() * 0.3) * height;
		const x0 = rand() * width - bw / 2, y0 = rand() * height - bh / 2;
		const disc = rand() < 0.5;
		for (let y = Math.max(0, Math.floor(y0)); y < Math.min(height, Math.ceil(y0 + bh)); y++)
			for (let x = Math.max(0, Math.floor(x0)); x < Math.min(width, Math.ceil(x0 + bw)); x++) {
				if (disc && ((x + 0.5 - x0 - bw / 2) / (bw / 2)) ** 2 + ((y + 0.5 - y0 - bh / 2) / (bh / 2)) ** 2 > 1) continue;
				img.data.set(colour, (y * width + x) * 3);
			}
	}
	return img;
}

/**
 * The small-object failure: the whole picture shrunk to `scale` (0..1] of its size and centred on a background of the
 * same size, plain grey or a given picture (e.g. `clutter(...)`).
 */
export function smallObject(img: RGBImage, scale: number, background: RGB | RGBImage = PLAIN_GREY): RGBImage {
	const { width: w, height: h } = img;
	if (scale >= 1) return copy(img);
	const out = Array.isArray(background) ? createImage(w, h, background) : resize(background, w, h);
	const sw = Math.max(1, Math.round(w * scale)), sh = Math.max(1, Math.round(h * scale));
	paste(out, resize(img, sw, sh), Math.round((w - sw) / 2), Math.round((h - sh) / 2));
	return out;
}

/** The grid a collage of n pictures uses: as square as possible, filled row by row. */
export function collageGrid(n: number): { cols: number; rows: number } {
	const cols = Math.ceil(Math.sqrt(n));
	return { cols, rows: Math.ceil(n / cols) };
}

/** Several pictures in one (width x height): each scaled to fit its grid cell, centred, on `fill`. */
export function collage(images: RGBImage[], width: number, height: number, fill: RGB = [255, 255, 255]): RGBImage {
	if (images.length === 0) throw new Error('A collage needs at least one picture');
	const { cols, rows } = collageGrid(images.length);
	const out = createImage(width, height, fill);
	images.forEach((img, k) => {
		const c = k % cols, r = Math.floor(k / cols);
		const x0 = Math.round((c * width) / cols), x1 = Math.round(((c + 1) * width) / cols);
		const y0 = Math.round((r * height) / rows), y1 = Math.round(((r + 1) * height) / rows);
		const s = Math.min((x1 - x0) / img.width, (y1 - y0) / img.height);
		const sw = Math.max(1, Math.round(img.width * s)), sh = Math.max(1, Math.round(img.height * s));
		paste(out, resize(img, sw, sh), x0 + Math.floor((x1 - x0 - sw) / 2), y0 + Math.floor((y1 - y0 - sh) / 2));
	});
	return out;
}

export interface Patch {
	/** Centre, as fractions of the width and height. */
	x: number;
	y: number;
	/** Side of the square, as a fraction of the picture's shorter side. */
	size: number;
	colour?: RGB;
}

/** The square patch in pixels: the pixels whose centres lie inside it are [x0, x1) x [y0, y1). */
export function patchBox(width: number, height: number, p: Patch): { x0: number; y0: number; x1: number; y1: number } {
	const side = p.size * Math.min(width, height);
	const cx = p.x * width, cy = p.y * height;
	const lo = (c: number, n: number) => Math.min(n, Math.max(0, Math.ceil(c - side / 2 - 0.5)));
	const hi = (c: number, n: number) => Math.min(n, Math.max(0, Math.ceil(c + side / 2 - 0.5)));
	return { x0: lo(cx, width), x1: hi(cx, width), y0: lo(cy, height), y1: hi(cy, height) };
}

/** Cover a square patch of the picture with one colour (grey by default). */
export function occlude(img: RGBImage, p: Patch): RGBImage {
	const out = copy(img);
	const { x0, x1, y0, y1 } = patchBox(img.width, img.height, p);
	const colour = p.colour ?? PLAIN_GREY;
	for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) out.data.set(colour, (y * img.width + x) * 3);
	return out;
}

/** The normalised 1-D Gaussian kernel of standard deviation sigma (pixels), radius ceil(3 sigma). */
export function gaussianKernel(sigma: number): Float32Array {
	const radius = Math.max(1, Math.ceil(3 * sigma));
	const k = new Float32Array(2 * radius + 1);
	let sum = 0;
	for (let i = -radius; i <= radius; i++) sum += k[i + radius] = Math.exp(-(i * i) / (2 * sigma * sigma));
	for (let i = 0; i < k.length; i++) k[i] /= sum;
	return k;
}

/** Gaussian blur, separable, edges extended. sigma is in pixels of the picture as given. */
export function blurPixels(img: RGBImage, sigma: number): RGBImage {
	if (sigma <= 0) return copy(img);
	const { width: w, height: h } = img;
	const k = gaussianKernel(sigma), r = (k.length - 1) / 2;
	const pass = (src: Float32Array, horizontal: boolean) => {
		const dst = new Float32Array(src.length);
		for (let y = 0; y < h; y++)
			for (let x = 0; x < w; x++) {
				let a = 0, b = 0, c = 0;
				for (let i = -r; i <= r; i++) {
					const sx = horizontal ? Math.min(w - 1, Math.max(0, x + i)) : x;
					const sy = horizontal ? y : Math.min(h - 1, Math.max(0, y + i));
					const s = (sy * w + sx) * 3, wt = k[i + r];
					a += src[s] * wt;
					b += src[s + 1] * wt;
					c += src[s + 2] * wt;
				}
				const o = (y * w + x) * 3;
				dst[o] = a;
				dst[o + 1] = b;
				dst[o + 2] = c;
			}
		return dst;
	};
	return { width: w, height: h, data: pass(pass(img.data, true), false) };
}

/** Gaussian blur with sigma given in pixels of a 224-pixel picture (what the model sees), whatever this one's size. */
export function blur(img: RGBImage, sigma224: number): RGBImage {
	return blurPixels(img, (sigma224 * Math.min(img.width, img.height)) / 224);
}

/** Add Gaussian noise of standard deviation `std` (0..255 units), seeded: the same seed gives the same picture. */
export function noise(img: RGBImage, std: number, seed = 1): RGBImage {
	if (std <= 0) return copy(img);
	const n = gaussian(seededRandom(seed));
	return map(img, (r, g, b, out, o) => {
		out[o] = r + std * n();
		out[o + 1] = g + std * n();
		out[o + 2] = b + std * n();
	});
}

/** Encodes RGBA pixels as a JPEG at quality 1..100 and decodes it again (canvas in the page, jpeg-js in Node). */
export type JpegCodec = (rgba: Uint8ClampedArray, width: number, height: number, quality: number) => Promise<{ data: ArrayLike<number>; width: number; height: number }>;

/** Round-trip through JPEG compression at `quality` (1..100) with the given codec. */
export async function jpegQuality(img: RGBImage, quality: number, codec: JpegCodec): Promise<RGBImage> {
	const q = Math.min(100, Math.max(1, Math.round(quality)));
	const back = await codec(toRGBA(img), img.width, img.height, q);
	if (back.width !== img.width || back.height !== img.height) throw new Error('The JPEG codec changed the picture size');
	return fromRGBA(back.data, back.width, back.height);
}

export interface TransformContext {
	/** For noise and clutter. */
	seed?: number;
	/** Needed by the JPEG transform. */
	jpeg?: JpegCodec;
	/** Where the occluding patch sits (fractions); the centre by default. */
	patchAt?: { x: number; y: number };
	/** Where a close-up zooms in (fractions); the centre by default. */
	zoomAt?: { x: number; y: number };
}

export interface TransformSpec {
	id: string;
	label: string;
	/** Which failure it shows, in a few words. */
	about: string;
	min: number;
	max: number;
	step: number;
	/** The strength that leaves the picture as it is. */
	identity: number;
	/** A strength that shows the effect clearly, set when the transform is switched on. */
	initial: number;
	/** The strengths a sweep uses unless told otherwise. */
	sweep: number[];
	unit: string;
	apply(img: RGBImage, strength: number, ctx: TransformContext): RGBImage | Promise<RGBImage>;
}

/** Every strength transform, in the order the bench applies them (geometry, colour, blur and noise, patch, compression). */
export const TRANSFORMS: TransformSpec[] = [
	{ id: 'closeup', label: 'Close-up', about: 'unusual framing: part of the object fills the picture', min: 1, max: 4, step: 0.1, identity: 1, initial: 2, sweep: [1, 1.5, 2, 3, 4], unit: '×', apply: (i, s, c) => closeUp(i, s, c.zoomAt?.x, c.zoomAt?.y) },
	{ id: 'rotate', label: 'Rotation', about: 'unusual views: the object turned', min: -180, max: 180, step: 5, identity: 0, initial: 90, sweep: [0, 30, 60, 90, 135, 180], unit: '°', apply: (i, s) => rotate(i, s) },
	{ id: 'small-plain', label: 'Small object (plain)', about: 'small objects: the picture shrunk onto grey', min: 0.1, max: 1, step: 0.05, identity: 1, initial: 0.35, sweep: [1, 0.75, 0.5, 0.35, 0.25], unit: '× size', apply: (i, s) => smallObject(i, s) },
	{ id: 'small-clutter', label: 'Small object (cluttered)', about: 'small objects in clutter', min: 0.1, max: 1, step: 0.05, identity: 1, initial: 0.35, sweep: [1, 0.75, 0.5, 0.35, 0.25], unit: '× size', apply: (i, s, c) => (s >= 1 ? smallObject(i, s) : smallObject(i, s, clutter(i.width, i.height, c.seed ?? 1))) },
	{ id: 'contrast', label: 'Contrast', about: 'photo filter: washed out or harsh', min: 0, max: 3, step: 0.05, identity: 1, initial: 0.3, sweep: [1, 0.5, 0.3, 0.2, 0.1], unit: '×', apply: (i, s) => contrast(i, s) },
	{ id: 'saturation', label: 'Saturation', about: 'photo filter: colour washed out or boosted', min: 0, max: 4, step: 0.05, identity: 1, initial: 3, sweep: [1, 2, 3, 4], unit: '×', apply: (i, s) => saturation(i, s) },
	{ id: 'greyscale', label: 'Greyscale', about: 'colour removed', min: 0, max: 1, step: 0.05, identity: 0, initial: 1, sweep: [0, 0.5, 1], unit: '', apply: (i, s) => greyscale(i, s) },
	{ id: 'hue', label: 'Hue shift', about: 'photo filter: colours turned round the wheel', min: -180, max: 180, step: 5, identity: 0, initial: 120, sweep: [0, 30, 60, 90, 180], unit: '°', apply: (i, s) => hueShift(i, s) },
	{ id: 'sepia', label: 'Sepia', about: 'photo filter: brown tint', min: 0, max: 1, step: 0.05, identity: 0, initial: 1, sweep: [0, 0.5, 1], unit: '', apply: (i, s) => sepia(i, s) },
	{ id: 'vintage', label: 'Vintage', about: 'photo filter: sepia, vignette, faded', min: 0, max: 1, step: 0.05, identity: 0, initial: 1, sweep: [0, 0.5, 1], unit: '', apply: (i, s) => vintage(i, s) },
	{ id: 'vignette', label: 'Vignette', about: 'photo filter: dark corners', min: 0, max: 1, step: 0.05, identity: 0, initial: 0.8, sweep: [0, 0.5, 1], unit: '', apply: (i, s) => vignette(i, s) },
	{ id: 'blur', label: 'Blur', about: 'out of focus (sigma in pixels at 224 px)', min: 0, max: 8, step: 0.25, identity: 0, initial: 3, sweep: [0, 1, 2, 3, 4, 6], unit: 'px', apply: (i, s) => blur(i, s) },
	{ id: 'noise', label: 'Noise', about: 'grainy photo (std of 0..255 values, seeded)', min: 0, max: 100, step: 2, identity: 0, initial: 40, sweep: [0, 10, 20, 40, 60, 80], unit: '', apply: (i, s, c) => noise(i, s, c.seed ?? 1) },
	{ id: 'occlude', label: 'Occluding patch', about: 'occlusion: a grey square (drag it on the picture)', min: 0, max: 0.9, step: 0.05, identity: 0, initial: 0.4, sweep: [0, 0.2, 0.4, 0.6, 0.8], unit: '× side', apply: (i, s, c) => (s <= 0 ? copy(i) : occlude(i, { x: c.patchAt?.x ?? 0.5, y: c.patchAt?.y ?? 0.5, size: s })) },
	{ id: 'jpeg', label: 'JPEG quality', about: 'heavy compression artefacts', min: 1, max: 100, step: 1, identity: 100, initial: 5, sweep: [100, 50, 20, 10, 5, 2], unit: '', apply: (i, s, c) => {
		if (!c.jpeg) throw new Error('The JPEG transform needs a codec');
		return s >= 100 ? copy(i) : jpegQuality(i, s, c.jpeg);
	} }
];

export function getTransform(id: string): TransformSpec {
	const t = TRANSFORMS.find((x) => x.id === id);
	if (!t) throw new Error(`Unknown transform "${id}" (known: ${TRANSFORMS.map((x) => x.id).join(', ')})`);
	return t;
}

export interface TransformStep {
	id: string;
	strength: number;
}

/** Apply several transforms in the registry's order (not the list's), skipping those at their identity strength. */
export async function applyTransforms(img: RGBImage, steps: TransformStep[], ctx: TransformContext = {}): Promise<RGBImage> {
	let out = img;
	for (const spec of TRANSFORMS) {
		const step = steps.find((s) => s.id === spec.id);
		if (!step || step.strength === spec.identity) continue;
		out = await spec.apply(out, step.strength, ctx);
	}
	return out;
}
