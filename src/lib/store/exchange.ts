// Export and import of sessions (JSON and CSV), and the validation that keeps a damaged record out.
import Papa from 'papaparse';
import * as v from 'valibot';
import { check, MAX_ROUNDS, RoundSchema, SessionConfigSchema, SessionSchema, type Round, type Session, type SessionConfig } from '../schema/records';
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
export { MAX_ROUNDS };

/** A Round, or the reason the object is not one. */
export const checkRound = (x: unknown): Round | string => check(RoundSchema, x, { model: "bad model's guesses (class 0-999, probability 0-1)" });

/** A Session (a game saved before "looks" existed gets crops 1), or the reason the object is not one. */
export const checkSession = (x: unknown): Session | string => check(SessionSchema, x, { config: 'bad setup' });

/**
 * A session record pieced together for good rounds whose own record is damaged or gone: each field that is
 * still valid in the damaged record is kept, the rest comes from the rounds. Resumable only when the whole
 * setup (seed included) survived, since the setup decides which photos come next.
 */
export function salvageSession(id: string, damaged: unknown, rounds: Round[]): { session: Session; resumable: boolean } {
	const d = (damaged && typeof damaged === 'object' ? damaged : {}) as Record<string, unknown>;
	const first = rounds[0];
	const saved = v.safeParse(SessionConfigSchema, d.config);
	const resumable = saved.success && rounds.every((r) => r.index < saved.output.n);
	const config: SessionConfig = resumable
		? saved.output
		: { set: first.set, n: Math.max(...rounds.map((r) => r.index)) + 1, seconds: 0, model: first.modelId, mode: first.mode, seed: 0, crops: 1 };
	const player = v.is(SessionSchema.entries.player, d.player) ? d.player : 'unknown player';
	const createdAt = v.is(SessionSchema.entries.createdAt, d.createdAt) ? d.createdAt : rounds.map((r) => r.answeredAt).sort()[0];
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

/**
 * Class names written beside the class-id columns, for a person reading the sheet (" | " between the names of a
 * list: no class name holds a "|"). The importer reads the ids only, so files with and without names both import.
 */
export const CSV_NAME_COLUMNS: Partial<Record<(typeof CSV_COLUMNS)[number], string>> = {
	truth: 'truth_name',
	real: 'real_names',
	human: 'human_names',
	model_top5: 'model_top5_names'
};
export const NAME_SEPARATOR = ' | ';

/** A session's rounds as CSV, one row per round; with `name` (class index -> name), names beside the ids. */
export function toCsv(session: Session, rounds: Round[], name?: (classIndex: number) => string): string {
	const fields = CSV_COLUMNS.flatMap((c) => (name && CSV_NAME_COLUMNS[c] ? [c, CSV_NAME_COLUMNS[c]] : [c]));
	const names = (ids: number[]) => (name ? ids.map(name).join(NAME_SEPARATOR) : '');
	return Papa.unparse(
		{
			fields,
			data: rounds.map((r) => {
				const row: Record<string, unknown> = {
					session_id: session.id, player: session.player, created_at: session.createdAt, set: r.set, n: session.config.n, seconds: session.config.seconds,
					seed: session.config.seed, mode: r.mode, model: r.modelId, backend: r.backend, index: r.index, image: r.image,
					truth: r.truth, truth_name: names([r.truth]), real: r.real.join(' '), real_names: names(r.real),
					human: r.human.join(' '), human_names: names(r.human),
					model_top5: r.model.map((m) => `${m.classIndex}:${m.probability.toFixed(6)}`).join(' '), model_top5_names: names(r.model.map((m) => m.classIndex)),
					human_ms: Math.round(r.humanMs), timed_out: r.timedOut, assisted: r.assisted, human_tags: r.humanTags.join(' '), model_tags: r.modelTags.join(' '),
					answered_at: r.answeredAt, looks: session.config.crops
				};
				return fields.map((f) => row[f]);
			})
		},
		{ escapeFormulae: FORMULA_START }
	);
}

/** Undo the export's formula escape: "'=x" was written for "=x". */
export const unescapeCell = (v: string) => (v.startsWith("'") && FORMULA_START.test(v.slice(1)) ? v.slice(1) : v);

export interface ImportResult {
	/** files: the names of the files that held the session (a game exported twice may come in two). */
	sessions: { session: Session; rounds: Round[]; files: string[] }[];
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
	private bySession = new Map<string, { session: Session; rounds: Map<number, Round>; where: string; files: Set<string> }>();
	/** The file being read (add's name), so each game can name the files it came from. */
	private file = '';
	readonly problems: string[] = [];
	private merged = 0;

	/** Add one checked session; its rounds are checked against it here. */
	addSession(where: string, session: Session, rounds: { round: Round; where: string }[]) {
		let entry = this.bySession.get(session.id);
		if (!entry) {
			entry = { session, rounds: new Map(), where, files: new Set() };
			this.bySession.set(session.id, entry);
		} else if (!sameGame(entry.session, session)) {
			this.problems.push(`${where}: another game with the same id "${session.id}" as in ${entry.where} (player ${session.player}, not ${entry.session.player}): set aside, the first one kept`);
			return;
		}
		entry.files.add(this.file || where);
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
			sessions: [...this.bySession.values()].map((e) => ({ session: e.session, rounds: [...e.rounds.values()].sort((a, b) => a.index - b.index), files: [...e.files] })),
			problems
		};
	}

	/** Read one exported file (JSON or CSV); whatever is damaged is reported and left out, never guessed. */
	add(text: string, name: string) {
		for (const step of this.steps(text, name)) step();
	}

	/**
	 * The same as add(), a chunk of records at a time, awaiting `pause` between chunks (the page yields to the
	 * browser there, so thousands of games never stall it for seconds) and telling `onProgress` how far it got.
	 */
	async addInChunks(text: string, name: string, opts: { chunk?: number; pause?: () => Promise<void>; onProgress?: (done: number, total: number) => void } = {}) {
		const { chunk = 250, pause = () => new Promise<void>((r) => setTimeout(r, 0)), onProgress } = opts;
		const steps = this.steps(text, name);
		for (let k = 0; k < steps.length; k++) {
			steps[k]();
			if ((k + 1) % chunk === 0 && k + 1 < steps.length) {
				onProgress?.(k + 1, steps.length);
				await pause();
			}
		}
		onProgress?.(steps.length, steps.length);
	}

	/** The work of one file as small steps (one per record, the last one files the gathered sessions). */
	private steps(text: string, name: string): (() => void)[] {
		this.file = name; // files are read one after another: each game names the files it came from
		const t = text.replace(/^\uFEFF/, '').trim();
		if (!t) return [() => void this.problems.push(`${name}: empty file`)];
		return t.startsWith('{') || t.startsWith('[') ? this.jsonSteps(t, name) : this.csvSteps(t, name);
	}

	private csvSteps(text: string, name: string): (() => void)[] {
		const parsed = Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: true, transform: unescapeCell });
		const missing = CSV_COLUMNS.filter((c) => c !== 'looks' && !(parsed.meta.fields ?? []).includes(c)); // 'looks' came later
		if (missing.length) return [() => void this.problems.push(`${name}: not a ConvNet Arena CSV export (missing columns: ${missing.slice(0, 4).join(', ')})`)];
		// Rows arrive one per round; rows of one session go in together, in file order.
		const groups = new Map<string, { session: Session; rounds: { round: Round; where: string }[]; where: string }>();
		const rowStep = (row: Record<string, string>, i: number) => {
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
		};
		return [
			...parsed.data.map((row, i) => () => rowStep(row, i)),
			() => {
				for (const g of groups.values()) this.addSession(g.where, g.session, g.rounds);
			}
		];
	}

	private jsonSteps(text: string, name: string): (() => void)[] {
		let data: unknown;
		try {
			data = JSON.parse(text);
		} catch (e) {
			return [() => void this.problems.push(`${name}: not valid JSON (${(e as Error).message})`)];
		}
		const list = Array.isArray(data) ? data : [data];
		const itemStep = (item: unknown, k: number) => {
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
		};
		return list.map((item, k) => () => itemStep(item, k));
	}
}

/**
 * Rounds whose photo is not one of the set they name are left out (and listed): an import names photos only
 * by file name within a known set, so a name like "/passwd" is never turned into a request. `known` gives a
 * set's file names, or undefined for a set this app does not have (every round of it is left out).
 */
export function keepKnownImages(result: ImportResult, known: (set: string) => ReadonlySet<string> | undefined): ImportResult {
	const problems = [...result.problems];
	const sessions: ImportResult['sessions'] = [];
	for (const { session, rounds, files } of result.sessions) {
		const kept: Round[] = [];
		for (const r of rounds) {
			const names = known(r.set);
			if (!names) problems.push(`The game of ${session.player}, round ${r.index + 1}: the image set "${r.set}" is not in this app: left out`);
			else if (!names.has(r.image)) problems.push(`The game of ${session.player}, round ${r.index + 1}: "${r.image}" is not a photo of ${r.set}: left out`);
			else kept.push(r);
		}
		sessions.push({ session, rounds: kept, files });
	}
	return { sessions, problems };
}

/** What to store of a new import, given the games already imported (by id). */
export interface ImportPlan<T extends { session: Session }> {
	put: T[];
	/** Ids already imported with the same game (player and setup): replaced by the new file's copy. */
	replaced: number;
	/** Messages for games refused: the same id as another player's game already imported. */
	refused: string[];
}

/**
 * A later import never replaces another player's game: the same id with the same player and setup replaces
 * the earlier copy (re-importing never doubles a game); the same id with another player or setup is refused.
 */
export function planImports<T extends { session: Session; file?: string }>(existing: ReadonlyMap<string, { session: Session; file?: string }>, incoming: T[]): ImportPlan<T> {
	const plan: ImportPlan<T> = { put: [], replaced: 0, refused: [] };
	for (const i of incoming) {
		const before = existing.get(i.session.id);
		if (!before) plan.put.push(i);
		else if (sameGame(before.session, i.session)) {
			plan.put.push(i);
			plan.replaced++;
		} else
			plan.refused.push(
				`${i.file ?? 'the file'}: the game "${i.session.id}" of ${i.session.player} has the same id as the game of ${before.session.player} imported earlier${before.file ? ` from ${before.file}` : ''}: not imported, the earlier one kept`
			);
	}
	return plan;
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
