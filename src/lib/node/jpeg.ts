// The JPEG round trip for the lab's JPEG-quality transform in Node (the page uses the canvas encoder).
import jpeg from 'jpeg-js';
import type { JpegCodec } from '../lab/transforms';

export const nodeJpegCodec: JpegCodec = async (rgba, width, height, quality) => {
	const encoded = jpeg.encode({ data: Buffer.from(rgba.buffer, rgba.byteOffset, rgba.byteLength), width, height }, quality);
	return jpeg.decode(encoded.data, { useTArray: true, formatAsRGBA: true });
};
