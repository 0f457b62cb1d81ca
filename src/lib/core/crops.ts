// How many times the model looks at a picture. No TF.js here: game setups and imports use it on every page.

/** Once (the centre crop) or ten times (four corners and the centre, each mirrored). */
export type Crops = 1 | 10;
export const CROP_CHOICES: readonly Crops[] = [1, 10];
