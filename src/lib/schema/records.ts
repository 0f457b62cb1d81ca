// The records that cross a boundary (IndexedDB, export files, localStorage drafts, later the room server), one
// Valibot schema each: the TypeScript types are inferred from them, reading checks against them, and what the app
// writes goes through the same schema (clamped first where a value can run past a limit), so that what is stored
// is always what a later read accepts. Imports core/ only, so the server can share it.
import * as v from 'valibot';
import { NUM_CLASSES } from '../core/classes';
import { CROP_CHOICES } from '../core/crops';

export const MODES = ['challenge', 'practice', 'team'] as const;
export type Mode = (typeof MODES)[number];

/** The longest game the setup allows (configFromParams), and the longest believable time on one picture. */
export const MAX_ROUNDS = 1500;
export const MAX_HUMAN_MS = 24 * 3600 * 1000;
/** The longest player name or session id kept (the name input's maxlength is this too). */
export const MAX_NAME = 200;
/** Limits on the other strings and lists of a round: an import cannot smuggle megabytes into a field. */
export const MAX_TEXT = 200;
export const MAX_TAGS = 20;
/**
 * A photo's file name: letters, digits, '_', '.', '-', starting with a letter, digit or '_' (no path, no '..').
 * Import checks further that the name is one of the set's own photos.
 */
export const IMAGE_NAME = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,199}$/;
/** An image-set id as the catalogue names them. */
export const SET_ID = /^[a-z0-9_]{1,100}$/;
/** A 2014 error-taxonomy tag id. */
export const TAG_ID = /^[a-z0-9_-]{1,60}$/;

const int = (min: number, max: number, message: string) => v.pipe(v.number(message), v.integer(message), v.minValue(min, message), v.maxValue(max, message));
const classIndex = (message: string) => int(0, NUM_CLASSES - 1, message);
const text = (message: string) => v.pipe(v.string(message), v.maxLength(MAX_TEXT, message));
/** Tags: known form, at most MAX_TAGS, each once (a tag twice would list a round twice under it). */
const tags = v.pipe(v.array(v.pipe(v.string('bad tags'), v.regex(TAG_ID, 'bad tags')), 'bad tags'), v.maxLength(MAX_TAGS, 'bad tags'), v.transform((t) => [...new Set(t)]));
const filled = (message: string, max = Number.MAX_SAFE_INTEGER) => v.pipe(v.string(message), v.minLength(1, message), v.maxLength(max, message));
const date = (message: string) => v.pipe(v.string(message), v.check((s) => Number.isFinite(Date.parse(s)), message));

export const ModelGuessSchema = v.object({
	classIndex: classIndex('class'),
	/** Softmax outputs: finite and within [0, 1]. */
	probability: v.pipe(v.number('probability'), v.minValue(0, 'probability'), v.maxValue(1 + 1e-6, 'probability'))
});

/** The order of the fields is the order of the checks: the first failing one names what is wrong. */
export const RoundSchema = v.object({
	sessionId: filled('no session id', MAX_NAME),
	/** Position in the session's image sequence, from 0. */
	index: int(0, MAX_ROUNDS - 1, 'bad round number'),
	image: v.pipe(v.string('no image'), v.minLength(1, 'no image'), v.regex(IMAGE_NAME, 'bad image name')),
	set: v.pipe(v.string('no image'), v.regex(SET_ID, 'bad image set')),
	truth: classIndex('bad true label'),
	/** ReaL labels; empty = left out of ReaL figures. */
	real: v.array(classIndex('bad ReaL labels'), 'bad ReaL labels'),
	/** The person's ordered guesses (0-5 class indices), each class once. */
	human: v.pipe(
		v.array(classIndex("bad person's guesses"), "bad person's guesses"),
		v.maxLength(5, "bad person's guesses"),
		v.check((g) => new Set(g).size === g.length, "bad person's guesses")
	),
	model: v.pipe(
		v.array(ModelGuessSchema, "bad model's guesses (class 0-999, probability 0-1)"),
		v.maxLength(5, "bad model's guesses (class 0-999, probability 0-1)"),
		v.check((g) => new Set(g.map((m) => m.classIndex)).size === g.length, "bad model's guesses (class 0-999, probability 0-1)")
	),
	humanMs: v.pipe(v.number('bad time (not a number of milliseconds under a day)'), v.minValue(0, 'bad time (not a number of milliseconds under a day)'), v.maxValue(MAX_HUMAN_MS, 'bad time (not a number of milliseconds under a day)')),
	/** The clock ran out: what was chosen so far was submitted. */
	timedOut: v.boolean('bad flags'),
	/** The person looked at the model's answer first: kept out of the human score. */
	assisted: v.boolean('bad flags'),
	/** 2014 error-taxonomy ids, tagged after a miss. */
	humanTags: tags,
	modelTags: tags,
	mode: v.picklist(MODES, 'bad mode'),
	modelId: text('bad model, backend or time stamp'),
	backend: text('bad model, backend or time stamp'),
	answeredAt: date('bad model, backend or time stamp'),
	/** Milliseconds the model took on the photo (all its looks), where measured. */
	modelMs: v.optional(v.pipe(v.number('bad model time'), v.minValue(0, 'bad model time'), v.maxValue(MAX_HUMAN_MS, 'bad model time')))
});

export const SessionConfigSchema = v.object({
	set: v.pipe(v.string(), v.regex(SET_ID)),
	/** Number of images. */
	n: int(1, MAX_ROUNDS, 'n'),
	/** Seconds per image; 0 = no clock. */
	seconds: int(0, 3600, 'seconds'),
	model: v.pipe(v.string(), v.maxLength(MAX_TEXT)),
	mode: v.picklist(MODES),
	seed: int(0, 2 ** 31 - 1, 'seed'),
	/** How many times the model looks at each photo: 1 (centre crop) or 10 (corners + centre, mirrored). Games saved before "looks" existed looked once. */
	crops: v.optional(v.picklist(CROP_CHOICES), 1)
});

export const SessionSchema = v.object({
	id: filled('no session id', MAX_NAME),
	player: v.pipe(v.string('no player name'), v.maxLength(MAX_NAME, 'no player name')),
	config: v.object(SessionConfigSchema.entries, 'bad setup'),
	createdAt: date('no creation time'),
	/** Where a session came from: played here, or imported from a file. */
	source: v.picklist(['local', 'import'], 'bad source')
});

/** The round in progress, saved as it changes, so a reload resumes it exactly. */
export const RoundDraftSchema = v.object({
	sessionId: v.string(),
	/** Position of the image in the game's sequence. */
	index: int(0, Number.MAX_SAFE_INTEGER, 'index'),
	guesses: v.pipe(
		v.array(classIndex('guess')),
		v.maxLength(5),
		v.check((g) => new Set(g).size === g.length, 'a guess twice')
	),
	/** Milliseconds of the clock used so far; the clock continues from here. */
	usedMs: v.pipe(v.number(), v.minValue(0), v.finite()),
	/** The model's answer was shown: the round is assisted whatever happens next. */
	assisted: v.boolean()
});

export type ModelGuess = v.InferOutput<typeof ModelGuessSchema>;
export type Round = v.InferOutput<typeof RoundSchema>;
export type SessionConfig = v.InferOutput<typeof SessionConfigSchema>;
export type Session = v.InferOutput<typeof SessionSchema>;
export type RoundDraft = v.InferOutput<typeof RoundDraftSchema>;

/**
 * The parsed record, or the reason it is not one: the message of the first failing field, or of `whole` for a
 * field named there (a nested record reported as one thing, e.g. "bad setup").
 */
export function check<S extends v.GenericSchema>(schema: S, x: unknown, whole: Record<string, string> = {}): v.InferOutput<S> | string {
	if (!x || typeof x !== 'object') return 'not an object';
	const r = v.safeParse(schema, x, { abortEarly: true });
	if (r.success) return r.output;
	const key = r.issues[0].path?.[0]?.key;
	return (typeof key === 'string' && whole[key]) || r.issues[0].message;
}

/** Values that can run past a limit are clamped before a round is written: a round over a day is a day. */
const clampMs = (ms: number) => Math.min(Math.max(0, ms), MAX_HUMAN_MS);
export const roundForStorage = (r: Round): Round =>
	v.parse(RoundSchema, { ...r, humanMs: clampMs(r.humanMs), ...(r.modelMs === undefined ? {} : { modelMs: clampMs(r.modelMs) }) });

/** A name longer than the limit is cut, not refused, when a session is written. */
export const sessionForStorage = (s: Session): Session => v.parse(SessionSchema, { ...s, player: limitName(s.player) });

/** A player name as kept: trimmed, cut to MAX_NAME (what the input allows and what the reader accepts). */
export const limitName = (name: string) => name.trim().slice(0, MAX_NAME);
