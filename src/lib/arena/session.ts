// A game's setup, its URL form (one link gives a whole class the same images) and its seeded image sequence.
import { catalogue, DEFAULT_MODEL_ID } from '../core/catalogue';
import { IMAGE_SETS } from '../core/datasets';
import type { LabelledImage } from '../core/labels';
import { CROP_CHOICES, type Crops } from '../core/crops';
import { pickShuffled, seededRandom } from '../core/random';

import { MODES, type Mode, type SessionConfig } from '../schema/records';

// The setup of a game is a record that crosses boundaries: its type and fields are in schema/records.ts.
export { MODES, type Mode, type SessionConfig };

/** Challenge games default to the full-frame photos: the person sees each photo as the 2014 annotators did. */
export const GAME_SET_ID = 'ilsvrc2012_val_fullframe';

export const DEFAULT_CONFIG: SessionConfig = { set: GAME_SET_ID, n: 20, seconds: 0, model: DEFAULT_MODEL_ID, mode: 'challenge', seed: 2014, crops: 1 };

/**
 * The 2014 rematch: GoogLeNet (the BVLC single-model replication) on photos at their original aspect ratio,
 * challenge mode, ten looks per photo as the 2014 entries did (Google's entry was a 7-model, 144-crop ensemble).
 */
export const REMATCH_2014: SessionConfig = {
	set: GAME_SET_ID,
	n: 20,
	seconds: 0,
	model: 'caffe-bvlc-googlenet',
	mode: 'challenge',
	seed: 2014,
	crops: 10
};

/** A rematch is GoogLeNet on the full-frame set with ten looks (the number of photos, clock and seed may vary). */
export function isRematch(c: SessionConfig): boolean {
	return c.model === REMATCH_2014.model && c.set === REMATCH_2014.set && c.crops === REMATCH_2014.crops && c.mode === REMATCH_2014.mode;
}

export const MODE_INFO: Record<Mode, string> = {
	challenge: 'You and the model guess; both answers are revealed after each image.',
	practice: 'Training, as the 2014 annotator did: the answer and the class examples right after each guess. Scored apart.',
	team: "The picker lists only the model's top-100 classes, as the study's pruned interface did; scored as human+machine."
};

/** Read a setup from URL parameters; anything missing or invalid falls back to the default. */
export function configFromParams(q: URLSearchParams): SessionConfig {
	const int = (key: string, min: number, max: number, fallback: number) => {
		const v = Number(q.get(key));
		return q.has(key) && Number.isInteger(v) && v >= min && v <= max ? v : fallback;
	};
	const set = q.get('set') ?? '';
	const model = q.get('model') ?? '';
	const mode = q.get('mode') as Mode;
	return {
		set: IMAGE_SETS.some((s) => s.id === set && s.kind === 'val') ? set : DEFAULT_CONFIG.set,
		n: int('n', 1, 1500, DEFAULT_CONFIG.n),
		seconds: int('t', 0, 3600, DEFAULT_CONFIG.seconds),
		model: catalogue.models.some((m) => m.id === model) ? model : DEFAULT_CONFIG.model,
		mode: MODES.includes(mode) ? mode : DEFAULT_CONFIG.mode,
		seed: int('seed', 0, 2 ** 31 - 1, DEFAULT_CONFIG.seed),
		crops: CROP_CHOICES.includes(Number(q.get('looks')) as Crops) ? (Number(q.get('looks')) as Crops) : DEFAULT_CONFIG.crops
	};
}

export function configToParams(c: SessionConfig): URLSearchParams {
	return new URLSearchParams({ set: c.set, n: String(c.n), t: String(c.seconds), model: c.model, mode: c.mode, seed: String(c.seed), looks: String(c.crops) });
}

/** The first n images of a seeded shuffle of the set (in its labels.csv order). */
export function imageSequence(images: LabelledImage[], n: number, seed: number): LabelledImage[] {
	return pickShuffled(images, n, seededRandom(seed));
}

/** Photos in each game set: a game asks for at most this many (the intro counts the real sequence). */
export const SET_SIZES: Record<string, number> = { ilsvrc2012_val_acuity1300: 1300, ilsvrc2012_val_imagenette500: 500, ilsvrc2012_val_fullframe: 122 };
