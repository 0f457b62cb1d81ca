// Pictures -> ImageBitmap on the page (no TF.js here): EXIF orientation, SVG, a size cap, clear messages.

export const MAX_SIDE = 4096;
/** Below this many pixels on the shorter side, or beyond this aspect ratio, an answer means little. */
export const TINY_SIDE = 32;
export const ELONGATED_RATIO = 4;

/** A warning to show beside the answer for a picture the model cannot read well, or ''. */
export function pictureNote(width: number, height: number): string {
	const short = Math.min(width, height), long = Math.max(width, height);
	const notes: string[] = [];
	if (short < TINY_SIDE) notes.push(`tiny (${width} x ${height} pixels): the model enlarges it to its input size`);
	if (long / short > ELONGATED_RATIO)
		notes.push(`extremely elongated (${width} x ${height}, ${(long / short).toFixed(0)}:1): the model sees only its centre square`);
	return notes.length ? `This picture is ${notes.join('; and ')}. The answer below means little.` : '';
}

/**
 * Decode a user's file into an ImageBitmap with EXIF orientation applied; pictures larger than
 * MAX_SIDE are scaled down. Throws an Error whose message can be shown as is.
 */
export async function decodePicture(file: Blob, name = 'The file'): Promise<ImageBitmap> {
	if (file.size === 0) throw new Error(`${name} is empty (0 bytes).`);
	const svg = file.type === 'image/svg+xml';
	// HTML inside an SVG: the browser would draw it, then forbid reading the pixels (a "tainted" picture).
	if (svg && /<([\w-]+:)?foreignObject[\s>/]/i.test(await file.text()))
		throw new Error(`${name} is an SVG with HTML inside (<foreignObject>), which browsers do not let a page read as pixels. Save it as a PNG or JPEG and choose that.`);
	let bitmap: ImageBitmap;
	try {
		if (svg) bitmap = await rasteriseSvg(file);
		else bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
	} catch {
		throw new Error(`${name} could not be read as a picture (${file.type || 'unknown type'}). Try a JPEG, PNG, WebP or GIF.`);
	}
	if (!originClean(bitmap)) {
		bitmap.close();
		throw new Error(`${name} cannot be used: the browser marks its pixels as not readable by this page (not origin-clean, e.g. an SVG that draws from elsewhere). Save it as a PNG or JPEG and choose that.`);
	}
	if (bitmap.width === 0 || bitmap.height === 0) throw new Error(`${name} has no pixels.`);
	const side = Math.max(bitmap.width, bitmap.height);
	if (side > MAX_SIDE) {
		const scale = MAX_SIDE / side;
		const smaller = await createImageBitmap(bitmap, {
			resizeWidth: Math.max(1, Math.round(bitmap.width * scale)),
			resizeHeight: Math.max(1, Math.round(bitmap.height * scale)),
			resizeQuality: 'high'
		});
		bitmap.close();
		bitmap = smaller;
	}
	return bitmap;
}

/** Whether the page may read the bitmap's pixels (a "tainted" one can be shown but neither read nor sent to the worker). */
function originClean(bitmap: ImageBitmap): boolean {
	if (typeof OffscreenCanvas === 'undefined') return true;
	const ctx = new OffscreenCanvas(1, 1).getContext('2d');
	if (!ctx) return true;
	try {
		ctx.drawImage(bitmap, 0, 0, 1, 1);
		ctx.getImageData(0, 0, 1, 1);
		return true;
	} catch (e) {
		if ((e as DOMException).name === 'SecurityError') return false;
		throw e;
	}
}

/** SVG has no intrinsic pixels: draw it through an <img> (which never loads external resources) at 512 px. */
async function rasteriseSvg(file: Blob): Promise<ImageBitmap> {
	const url = URL.createObjectURL(file);
	try {
		const img = new Image();
		img.src = url;
		await img.decode();
		const w = img.naturalWidth || 512, h = img.naturalHeight || 512;
		const scale = 512 / Math.max(w, h);
		const canvas = document.createElement('canvas');
		canvas.width = Math.round(w * scale);
		canvas.height = Math.round(h * scale);
		const ctx = canvas.getContext('2d')!;
		ctx.fillStyle = '#fff'; // transparent areas read as white, not black
		ctx.fillRect(0, 0, canvas.width, canvas.height);
		ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
		return await createImageBitmap(canvas);
	} finally {
		URL.revokeObjectURL(url);
	}
}
