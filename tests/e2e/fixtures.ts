// Pictures built at test time from real validation photos: an EXIF-rotated JPEG, a huge photo, broken files.
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import jpeg from 'jpeg-js';

/** A minimal EXIF APP1 segment holding only Orientation (big-endian TIFF). */
function exifOrientation(orientation: number): Buffer {
	const tiff = Buffer.from([
		0x4d, 0x4d, 0x00, 0x2a, 0x00, 0x00, 0x00, 0x08, // "MM", 42, IFD at offset 8
		0x00, 0x01, // one entry
		0x01, 0x12, 0x00, 0x03, 0x00, 0x00, 0x00, 0x01, 0x00, orientation, 0x00, 0x00, // Orientation, SHORT, 1, value
		0x00, 0x00, 0x00, 0x00 // no next IFD
	]);
	const body = Buffer.concat([Buffer.from('Exif\0\0', 'binary'), tiff]);
	const len = Buffer.alloc(2);
	len.writeUInt16BE(body.length + 2);
	return Buffer.concat([Buffer.from([0xff, 0xe1]), len, body]);
}

export function makeFixtures(valJpeg: string) {
	const dir = mkdtempSync(join(tmpdir(), 'arena-e2e-'));
	const src = jpeg.decode(readFileSync(valJpeg), { useTArray: true, formatAsRGBA: true });
	const { width: w, height: h, data } = src;

	// Store the pixels rotated 90° counter-clockwise; EXIF orientation 6 tells a viewer to turn them back.
	const rot = Buffer.alloc(w * h * 4);
	for (let y = 0; y < h; y++)
		for (let x = 0; x < w; x++) {
			const ny = w - 1 - x, nx = y; // new image is h wide, w tall
			data.subarray((y * w + x) * 4, (y * w + x) * 4 + 4).forEach((v, k) => (rot[(ny * h + nx) * 4 + k] = v));
		}
	const encoded = jpeg.encode({ data: rot, width: h, height: w }, 92).data;
	const rotated = Buffer.concat([encoded.subarray(0, 2), exifOrientation(6), encoded.subarray(2)]);

	// A 6000 x 4500 photo (the validation photo scaled up), larger than the app's 4096 px decode cap.
	const W = 6000, H = 4500;
	const big = Buffer.alloc(W * H * 4);
	for (let y = 0; y < H; y++) {
		const sy = Math.floor((y * h) / H);
		for (let x = 0; x < W; x++) {
			const s = (sy * w + Math.floor((x * w) / W)) * 4, d = (y * W + x) * 4;
			big[d] = data[s]; big[d + 1] = data[s + 1]; big[d + 2] = data[s + 2]; big[d + 3] = 255;
		}
	}
	const files = {
		rotated: join(dir, 'rotated-exif6.jpg'),
		huge: join(dir, 'huge-6000x4500.jpg'),
		broken: join(dir, 'broken.jpg'),
		empty: join(dir, 'empty.jpg'),
		text: join(dir, 'notes.txt'),
		svg: join(dir, 'drawing.svg')
	};
	writeFileSync(files.rotated, rotated);
	writeFileSync(files.huge, jpeg.encode({ data: big, width: W, height: H }, 85).data);
	writeFileSync(files.broken, readFileSync(valJpeg).subarray(0, 600)); // a JPEG cut off after its header
	writeFileSync(files.empty, Buffer.alloc(0));
	writeFileSync(files.text, 'not a picture\n');
	writeFileSync(
		files.svg,
		'<svg xmlns="http://www.w3.org/2000/svg" width="200" height="200"><rect width="200" height="200" fill="#8cf"/><circle cx="100" cy="110" r="60" fill="#e33"/></svg>'
	);
	return files;
}
