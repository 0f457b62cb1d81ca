// The live class's wire format, shared by the room server (src/server) and the /live and /join pages. One schema
// library (Valibot): every message from a browser is parsed here before the server acts on it, and the types are
// inferred from the same schemas.
import * as v from 'valibot';
import { NUM_CLASSES } from '../core/classes';

export const LIVE_WS_PATH = '/live/ws';
export const LIVE_API = '/live/api';
/** Room codes avoid look-alikes (0/O, 1/I/L) so they can be read off a projector. */
export const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
export const CODE_LENGTH = 5;
export const MAX_PHOTOS = 50;
export const MAX_GUESSES = 5;
export const NICK_MAX = 24;
/** The largest message a browser may send (HTTP body or WebSocket frame); a bigger one closes the socket. */
export const MAX_MESSAGE_BYTES = 16 * 1024;

export const publicDocName = (code: string) => `live/${code}`;
export const teacherDocName = (code: string) => `live/${code}/teacher`;

export const Code = v.pipe(v.string(), v.length(CODE_LENGTH, 'a room code has 5 characters'), v.regex(new RegExp(`^[${CODE_ALPHABET}]+$`), 'not a room code'));
export const Nick = v.pipe(
	v.string(),
	v.trim(),
	v.minLength(1, 'a nickname is needed'),
	v.maxLength(NICK_MAX, `a nickname has at most ${NICK_MAX} characters`),
	v.regex(/^[\p{L}\p{N} _.'-]+$/u, 'a nickname uses letters, digits, spaces and . _ \' - only')
);
const ClassIndex = v.pipe(v.number(), v.integer('a class id is a whole number'), v.minValue(0, 'class ids are 0-999'), v.maxValue(NUM_CLASSES - 1, 'class ids are 0-999'));
export const Guesses = v.pipe(
	v.array(ClassIndex),
	v.maxLength(MAX_GUESSES, `at most ${MAX_GUESSES} guesses`),
	v.check((a) => new Set(a).size === a.length, 'the same class twice')
);
const PhotoIndex = v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(MAX_PHOTOS - 1));
const Secret = v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{16,64}$/));
const SeatId = v.pipe(v.string(), v.regex(/^[a-z0-9]{6,16}$/));

/** A photo as students see it: where to load it, never its label. */
export const Photo = v.strictObject({
	set: v.pipe(v.string(), v.regex(/^[\w.-]{1,80}$/)),
	image: v.pipe(v.string(), v.regex(/^[\w./-]{1,200}$/), v.check((s) => !s.includes('..'), 'no ..'))
});
export type Photo = v.InferOutput<typeof Photo>;

export const CreateRoomBody = v.strictObject({ photos: v.pipe(v.array(Photo), v.minLength(1), v.maxLength(MAX_PHOTOS, `at most ${MAX_PHOTOS} photos`)) });
export type CreateRoomBody = v.InferOutput<typeof CreateRoomBody>;
export interface CreateRoomResult {
	code: string;
	secret: string;
}

export const Seat = v.strictObject({ id: SeatId, key: Secret });
export type Seat = v.InferOutput<typeof Seat>;
export const JoinBody = v.strictObject({ code: Code, nick: Nick, seat: v.optional(Seat) });
export type JoinBody = v.InferOutput<typeof JoinBody>;
export interface JoinResult {
	seat: Seat;
	nick: string;
	/** What this seat already handed in, by photo index (a rejoin after a reload restores them). */
	answers: Record<number, number[]>;
}

/** A student's answer: for the seat the connection authenticated as, so it names no student. */
export const AnswerMessage = v.strictObject({ type: v.literal('answer'), photo: PhotoIndex, guesses: Guesses });
export type AnswerMessage = v.InferOutput<typeof AnswerMessage>;

const ModelGuess = v.strictObject({ classIndex: ClassIndex, probability: v.pipe(v.number(), v.minValue(0), v.maxValue(1)) });
export const TeacherCommand = v.variant('type', [
	v.strictObject({ type: v.literal('start') }),
	/** The truth and the model's five come from the teacher's browser, which runs the model. */
	v.strictObject({ type: v.literal('reveal'), photo: PhotoIndex, truth: ClassIndex, real: v.pipe(v.array(ClassIndex), v.maxLength(20)), model: v.pipe(v.array(ModelGuess), v.maxLength(MAX_GUESSES)) }),
	v.strictObject({ type: v.literal('next') }),
	v.strictObject({ type: v.literal('end') }),
	v.strictObject({ type: v.literal('remove'), student: SeatId }),
	v.strictObject({ type: v.literal('delete') })
]);
export type TeacherCommand = v.InferOutput<typeof TeacherCommand>;

export type Phase = 'lobby' | 'photo' | 'reveal' | 'end';

/** What the server sends back on a stateless message. */
export type Reply =
	| { type: 'ack'; photo: number; guesses: number[] }
	| { type: 'error'; message: string; photo?: number }
	| { type: 'removed' }
	| { type: 'deleted' };

/** A photo's outcome, written into the room document at reveal (so students get the model's five only then). */
export interface Reveal {
	truth: number;
	real: number[];
	model: { classIndex: number; probability: number }[];
	answered: number;
	/** Students whose five held the truth. */
	classRight: number;
	modelRight: boolean;
	/** Most common guesses (any of the five), most first: [class, students]. */
	top: [number, number][];
}

/**
 * The public room document (every connection reads it): Y.Map 'room' holds these keys, Y.Map 'reveals' each
 * revealed photo's Reveal. The teacher's document holds Y.Maps 'students' (seat -> nick), 'answers'
 * (`photo:seat` -> guesses) and 'answered' (photo -> count).
 */
export interface PublicRoom {
	phase: Phase;
	index: number;
	photos: Photo[];
	createdAt: number;
}

/** The token a provider sends: the teacher's secret, or a student's seat. */
export const teacherToken = (code: string, secret: string) => JSON.stringify({ role: 'teacher', code, secret });
export const studentToken = (code: string, seat: Seat) => JSON.stringify({ role: 'student', code, id: seat.id, key: seat.key });
export const Token = v.variant('role', [
	v.strictObject({ role: v.literal('teacher'), code: Code, secret: Secret }),
	v.strictObject({ role: v.literal('student'), code: Code, id: SeatId, key: Secret })
]);

/** The first problem with a value, in words, or null. */
export function problem<S extends v.GenericSchema>(schema: S, x: unknown): string | null {
	const r = v.safeParse(schema, x);
	return r.success ? null : r.issues.map((i) => i.message).slice(0, 1).join('; ');
}

/** The share of students whose five held the truth, and the top guesses, for one photo's answers. */
export function tally(answers: number[][], truth: number, top = 8): Pick<Reveal, 'answered' | 'classRight' | 'top'> {
	const counts = new Map<number, number>();
	let right = 0;
	for (const a of answers) {
		if (a.slice(0, MAX_GUESSES).includes(truth)) right++;
		for (const c of new Set(a)) counts.set(c, (counts.get(c) ?? 0) + 1);
	}
	const sorted = [...counts.entries()].sort((x, y) => y[1] - x[1] || x[0] - y[0]).slice(0, top);
	return { answered: answers.length, classRight: right, top: sorted };
}
