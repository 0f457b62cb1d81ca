// Export and import of sessions (JSON and CSV), and the validation that keeps a damaged record out.
import Papa from 'papaparse';
import { isClassIndex } from '../core/classes';
import { MODES, type SessionConfig } from '../arena/session';
import { CROP_CHOICES, type Crops } from '../core/crops';
import type { ModelGuess, Round, Session } from '../arena/round';
import { sameAnswer } from '../arena/ledger';

export const FORMAT = 'convnet-arena-session';
export const FORMAT_VERSION = 1;

export interface SessionExport {
	format: typeof FORMAT;
	version: number;
	session: Session;
	rounds: Round[];
}

/** One import file larger than this is refused before it is read (a bigger one froze the page for seconds). */
export const MAX_IMPORT_BYTES = 10 * 1024 * 1024;
/** The longest game the setup allows (configFromParams), and the longest believable time on one picture. */
export const MAX_ROUNDS = 1500;
const MAX_HUMAN_MS = 24 * 3600 * 1000;
const MAX_NAME = 200;

const isInt = (x: unknown, min = 0, max = Number.MAX_SAFE_INTEGER) => Number.isInteger(x) && (x as number) >= min && (x as number) <= max;
const isStr = (x: unknown) => typeof x === 'string';
const isStrList = (x: unknown) => Array.isArray(x) && x.every(isStr);
/** Softmax outputs: finite and within [0, 1] (NaN and Infinity fail every comparison below). */
const isProbability = (x: unknown) => typeof x === 'number' && x >= 0 && x <= 1 + 1e-6;
const isDate = (x: unknown) => isStr(x) && Number.isFinite(Date.parse(x as string));

/** A Round, or the reason the object is not one. */
export function checkRound(x: unknown): Round | string {
	if (!x || typeof x !== 'object') return 'not an object';
	const r = x as Record<string, unknown>;
	if (!isStr(r.sessionId) || !(r.sessionId as string)) return 'no session id';
	if (!isInt(r.index, 0, MAX_ROUNDS - 1)) return 'bad round number';
	if (!isStr(r.image) || !r.image || !isStr(r.set)) return 'no image';
	if (!isClassIndex(r.truth)) return 'bad true label';
	if (!Array.isArray(r.real) || !r.real.every(isClassIndex)) return 'bad ReaL labels';
	if (!Array.isArray(r.human) || r.human.length > 5 || !r.human.every(isClassIndex)) return "bad person's guesses";
	if (!Array.isArray(r.model) || r.model.length > 5 || !r.model.every((m: ModelGuess) => m && isClassIndex(m.classIndex) && isProbability(m.probability)))
		return "bad model's guesses (class 0-999, probability 0-1)";
	if (typeof r.humanMs !== 'number' || !(r.humanMs >= 0 && r.humanMs <= MAX_HUMAN_MS)) return 'bad time (not a number of milliseconds under a day)';
	if (typeof r.timedOut !== 'boolean' || typeof r.assisted !== 'boolean') return 'bad flags';
	if (!isStrList(r.humanTags) || !isStrList(r.modelTags)) return 'bad tags';
	if (!MODES.includes(r.mode as never)) return 'bad mode';
	if (!isStr(r.modelId) || !isStr(r.backend) || !isDate(r.answeredAt)) return 'bad model, backend or time stamp';
	return r as unknown as Round;
}

function checkConfig(x: unknown): x is SessionConfig {
	if (!x || typeof x !== 'object') return false;
	const c = x as Record<string, unknown>;
	return (
		isStr(c.set) && isInt(c.n, 1, MAX_ROUNDS) && isInt(c.seconds, 0, 3600) && isStr(c.model) && MODES.includes(c.mode as never) && isInt(c.seed, 0, 2 ** 31 - 1) &&
		(c.crops === undefined || CROP_CHOICES.includes(c.crops as Crops))
	);
}

export function checkSession(x: unknown): Session | string {
	if (!x || typeof x !== 'object') return 'not an object';
	const s = x as Record<string, unknown>;
	if (!isStr(s.id) || !(s.id as string) || (s.id as string).length > MAX_NAME) return 'no session id';
	if (!isStr(s.player) || (s.player as string).length > MAX_NAME) return 'no player name';
	if (!checkConfig(s.config)) return 'bad setup';
	s.config = { ...s.config, crops: s.config.crops ?? 1 }; // games saved before "looks" existed looked once
	if (!isDate(s.createdAt)) return 'no creation time';
	if (s.source !== 'local' && s.source !== 'import') return 'bad source';
	return s as unknown as Session;
}

/**
 * A session record pieced together for good rounds whose own record is damaged or gone: each field that is
 * still valid in the damaged record is kept, the rest comes from the rounds. Resumable only when the whole
 * setup (seed included) survived, since the setup decides which photos come next.
 */
export function salvageSession(id: string, damaged: unknown, rounds: Round[]): { session: Session; resumable: boolean } {
	const d = (damaged && typeof damaged === 'object' ? damaged : {}) as Record<string, unknown>;
	const first = rounds[0];
	const resumable = checkConfig(d.config) && rounds.every((r) => r.index < (d.config as SessionConfig).n);
	const config: SessionConfig = resumable
		? (d.config as SessionConfig)
		: { set: first.set, n: Math.max(...rounds.map((r) => r.index)) + 1, seconds: 0, model: first.modelId, mode: first.mode, seed: 0, crops: 1 };
	const player = isStr(d.player) && (d.player as string).length <= MAX_NAME ? (d.player as string) : 'unknown player';
	const createdAt = isDate(d.createdAt) ? (d.createdAt as string) : rounds.map((r) => r.answeredAt).sort()[0];
	return { session: { id, player, config, createdAt, source: 'local' }, resumable };
}

export function toJson(session: Session, rounds: Round[]): string {
	const out: SessionExport = { format: FORMAT, version: FORMAT_VERSION, session, rounds };
	return JSON.stringify(out, null, 1);
}

const CSV_COLUMNS = [
	'session_id', 'player', 'created_at', 'set', 'n', 'seconds', 'seed', 'mode', 'model', 'backend', 'index', 'image', 'truth', 'real',
	'human', 'model_top5', 'human_ms', 'timed_out', 'assisted', 'human_tags', 'model_tags', 'answered_at', 'looks'
] as const;

/**
 * A spreadsheet runs a cell that starts with one of these as a formula (CSV injection): such cells are
 * written with a leading apostrophe. The anchor-only pattern also catches values that span lines
 * (Papa's own `escapeFormulae: true` does not).
 */
export const FORMULA_START = /^[=+\-@\t\r]/;

export function toCsv(session: Session, rounds: Round[]): string {
	return Papa.unparse(
		{
			fields: [...CSV_COLUMNS],
			data: rounds.map((r) => [
				session.id, session.player, session.createdAt, r.set, session.config.n, session.config.seconds, session.config.seed, r.mode, r.modelId,
				r.backend, r.index, r.image, r.truth, r.real.join(' '), r.human.join(' '),
				r.model.map((m) => `${m.classIndex}:${m.probability.toFixed(6)}`).join(' '), Math.round(r.humanMs), r.timedOut, r.assisted,
				r.humanTags.join(' '), r.modelTags.join(' '), r.answeredAt, session.config.crops
			])
		},
		{ escapeFormulae: FORMULA_START }
	);
}

/** Undo the export's formula escape: "'=x" was written for "=x". */
export const unescapeCell = (v: string) => (v.startsWith("'") && FORMULA_START.test(v.slice(1)) ? v.slice(1) : v);

export interface ImportResult {
	sessions: { session: Session; rounds: Round[] }[];
	/** Records set aside, with why. */
	problems: string[];
}

const ints = (s: string) => (s.trim() ? s.trim().split(/\s+/).map(Number) : []);
const words = (s: string) => (s.trim() ? s.trim().split(/\s+/) : []);

const CONFIG_KEYS = ['set', 'n', 'seconds', 'model', 'mode', 'seed', 'crops'] as const;
const sameGame = (a: Session, b: Session) => a.player === b.player && CONFIG_KEYS.every((k) => a.config[k] === b.config[k]);

/**
 * Gathers the sessions of one or more files, keyed by session id, so that what is listed is what is
 * counted: a session met twice is merged (or the second, different one reported), a round number met
 * twice is merged when identical and reported when not, and a round past the game's length is reported.
 */
export class ImportCollector {
	private bySession = new Map<string, { session: Session; rounds: Map<number, Round>; where: string }>();
	readonly problems: string[] = [];
	private merged = 0;

	/** Add one checked session; its rounds are checked against it here. */
	addSession(where: string, session: Session, rounds: { round: Round; where: string }[]) {
		let entry = this.bySession.get(session.id);
		if (!entry) {
			entry = { session, rounds: new Map(), where };
			this.bySession.set(session.id, entry);
		} else if (!sameGame(entry.session, session)) {
			this.problems.push(`${where}: another game with the same id "${session.id}" as in ${entry.where} (player ${session.player}, not ${entry.session.player}): set aside, the first one kept`);
			return;
		}
		for (const { round, where: at } of rounds) {
			if (round.sessionId !== session.id) this.problems.push(`${at}: belongs to another session`);
			else if (round.index >= entry.session.config.n) this.problems.push(`${at}: round number ${round.index + 1} is past the game's ${entry.session.config.n} rounds`);
			else {
				const before = entry.rounds.get(round.index);
				if (!before) entry.rounds.set(round.index, round);
				else if (sameAnswer(before, round)) {
					// The same answer twice (e.g. two exports of one game): one round, with the tags of both.
					const union = (a: string[], b: string[]) => [...new Set([...a, ...b])];
					entry.rounds.set(round.index, { ...before, humanTags: union(before.humanTags, round.humanTags), modelTags: union(before.modelTags, round.modelTags) });
					this.merged++;
				}
				else this.problems.push(`${at}: round number ${round.index + 1} appears twice with different answers: the first one kept`);
			}
		}
	}

	result(): ImportResult {
		const problems = [...this.problems];
		if (this.merged) problems.push(`${this.merged} repeated round${this.merged > 1 ? 's' : ''} (same answer) merged`);
		return {
			sessions: [...this.bySession.values()].map((e) => ({ session: e.session, rounds: [...e.rounds.values()].sort((a, b) => a.index - b.index) })),
			problems
		};
	}

	/** Read one exported file (JSON or CSV); whatever is damaged is reported and left out, never guessed. */
	add(text: string, name: string) {
		const t = text.replace(/^\uFEFF/, '').trim();
		if (!t) this.problems.push(`${name}: empty file`);
		else if (t.startsWith('{') || t.startsWith('[')) this.addJson(t, name);
		else this.addCsv(t, name);
	}

	private addCsv(text: string, name: string) {
		const parsed = Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: true, transform: unescapeCell });
		const missing = CSV_COLUMNS.filter((c) => c !== 'looks' && !(parsed.meta.fields ?? []).includes(c)); // 'looks' came later
		if (missing.length) return void this.problems.push(`${name}: not a ConvNet Arena CSV export (missing columns: ${missing.slice(0, 4).join(', ')})`);
		// Rows arrive one per round; rows of one session go in together, in file order.
		const groups = new Map<string, { session: Session; rounds: { round: Round; where: string }[]; where: string }>();
		parsed.data.forEach((row, i) => {
			const where = `${name} row ${i + 2}`;
			const session = checkSession({
				id: row.session_id, player: row.player, createdAt: row.created_at, source: 'import',
				config: { set: row.set, n: Number(row.n), seconds: Number(row.seconds), seed: Number(row.seed), mode: row.mode, model: row.model, crops: row.looks ? Number(row.looks) : 1 }
			});
			const round = checkRound({
				sessionId: row.session_id, index: Number(row.index), set: row.set, image: row.image, truth: Number(row.truth), real: ints(row.real),
				human: ints(row.human),
				model: words(row.model_top5).map((w) => {
					const [c, p] = w.split(':');
					return { classIndex: Number(c), probability: Number(p) };
				}),
				humanMs: Number(row.human_ms), timedOut: row.timed_out === 'true', assisted: row.assisted === 'true',
				humanTags: words(row.human_tags), modelTags: words(row.model_tags), mode: row.mode, modelId: row.model, backend: row.backend,
				answeredAt: row.answered_at
			});
			if (typeof session === 'string' || typeof round === 'string') {
				this.problems.push(`${where}: ${typeof session === 'string' ? session : round}`);
				return;
			}
			const g = groups.get(session.id);
			if (!g) groups.set(session.id, { session, rounds: [{ round, where }], where });
			else if (sameGame(g.session, session)) g.rounds.push({ round, where });
			else this.problems.push(`${where}: its game setup differs from row ${g.where.split(' row ')[1]} of the same session`);
		});
		for (const g of groups.values()) this.addSession(g.where, g.session, g.rounds);
	}

	private addJson(text: string, name: string) {
		let data: unknown;
		try {
			data = JSON.parse(text);
		} catch (e) {
			return void this.problems.push(`${name}: not valid JSON (${(e as Error).message})`);
		}
		const list = Array.isArray(data) ? data : [data];
		list.forEach((item, k) => {
			const where = list.length > 1 ? `${name} [${k}]` : name;
			const x = item as Partial<SessionExport>;
			if (!x || x.format !== FORMAT) return void this.problems.push(`${where}: not a ConvNet Arena session export`);
			const session = checkSession({ ...x.session, source: 'import' });
			if (typeof session === 'string') return void this.problems.push(`${where}: session ${session}`);
			const rounds: { round: Round; where: string }[] = [];
			(Array.isArray(x.rounds) ? x.rounds : []).forEach((r, i) => {
				const checked = checkRound(r);
				if (typeof checked === 'string') this.problems.push(`${where} round ${i + 1}: ${checked}`);
				else rounds.push({ round: checked, where: `${where} round ${i + 1}` });
			});
			this.addSession(where, session, rounds);
		});
	}
}

/** Read one exported file (JSON or CSV); whatever is damaged is reported and left out, never guessed. */
export function parseExport(text: string, name: string): ImportResult {
	const c = new ImportCollector();
	c.add(text, name);
	return c.result();
}

/** The message for a file refused by size, or null. */
export function tooLarge(name: string, bytes: number): string | null {
	return bytes > MAX_IMPORT_BYTES
		? `${name}: ${(bytes / 1e6).toFixed(1)} MB is more than one import may hold (${MAX_IMPORT_BYTES / 1024 / 1024} MB): export fewer games per file`
		: null;
}
