// How many times the model looks at a picture. No TF.js here: game setups and imports use it on every page.

/** Once (the centre crop) or ten times (four corners and the centre, each mirrored). */
export type Crops = 1 | 10;
export const CROP_CHOICES: readonly Crops[] = [1, 10];

/** A square of a picture, in pixels (edges, not centres). */
export interface CropSquare {
	top: number;
	left: number;
	side: number;
}

/**
 * Where the model looks: the centre square of `fraction` of the short side, and with ten looks also the four
 * corner squares (top-left, top-right, bottom-left, bottom-right) of the same size, whose mirror images make
 * the other five (the 2012-2014 ILSVRC entries' ten crops: 224 of 256, hence the same 87.5% as one look).
 */
export function cropSquares(height: number, width: number, fraction: number, crops: Crops): CropSquare[] {
	const side = Math.min(height, width) * fraction;
	const centre = { top: (height - side) / 2, left: (width - side) / 2, side };
	if (crops === 1) return [centre];
	const bottom = height - side, right = width - side;
	return [centre, { top: 0, left: 0, side }, { top: 0, left: right, side }, { top: bottom, left: 0, side }, { top: bottom, left: right, side }];
}
