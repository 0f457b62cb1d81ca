// Export and import of sessions (JSON and CSV), and the validation that keeps a damaged record out.
import Papa from 'papaparse';
import { MODES, type SessionConfig } from '../arena/session';
import type { ModelGuess, Round, Session } from '../arena/round';

export const FORMAT = 'convnet-arena-session';
export const FORMAT_VERSION = 1;

export interface SessionExport {
	format: typeof FORMAT;
	version: number;
	session: Session;
	rounds: Round[];
}

const isInt = (x: unknown, min = 0, max = Number.MAX_SAFE_INTEGER) => Number.isInteger(x) && (x as number) >= min && (x as number) <= max;
const isClass = (x: unknown) => isInt(x, 0, 999);
const isStr = (x: unknown) => typeof x === 'string';
const isStrList = (x: unknown) => Array.isArray(x) && x.every(isStr);

/** A Round, or the reason the object is not one. */
export function checkRound(x: unknown): Round | string {
	if (!x || typeof x !== 'object') return 'not an object';
	const r = x as Record<string, unknown>;
	if (!isStr(r.sessionId) || !(r.sessionId as string)) return 'no session id';
	if (!isInt(r.index)) return 'bad index';
	if (!isStr(r.image) || !isStr(r.set)) return 'no image';
	if (!isClass(r.truth)) return 'bad true label';
	if (!Array.isArray(r.real) || !r.real.every(isClass)) return 'bad ReaL labels';
	if (!Array.isArray(r.human) || r.human.length > 5 || !r.human.every(isClass)) return "bad person's guesses";
	if (!Array.isArray(r.model) || r.model.length > 5 || !r.model.every((m: ModelGuess) => m && isClass(m.classIndex) && typeof m.probability === 'number'))
		return "bad model's guesses";
	if (typeof r.humanMs !== 'number' || !(r.humanMs >= 0)) return 'bad time';
	if (typeof r.timedOut !== 'boolean' || typeof r.assisted !== 'boolean') return 'bad flags';
	if (!isStrList(r.humanTags) || !isStrList(r.modelTags)) return 'bad tags';
	if (!MODES.includes(r.mode as never)) return 'bad mode';
	if (!isStr(r.modelId) || !isStr(r.backend) || !isStr(r.answeredAt)) return 'bad model, backend or time stamp';
	return r as unknown as Round;
}

function checkConfig(x: unknown): x is SessionConfig {
	if (!x || typeof x !== 'object') return false;
	const c = x as Record<string, unknown>;
	return isStr(c.set) && isInt(c.n, 1) && isInt(c.seconds) && isStr(c.model) && MODES.includes(c.mode as never) && isInt(c.seed);
}

export function checkSession(x: unknown): Session | string {
	if (!x || typeof x !== 'object') return 'not an object';
	const s = x as Record<string, unknown>;
	if (!isStr(s.id) || !(s.id as string)) return 'no session id';
	if (!isStr(s.player)) return 'no player name';
	if (!checkConfig(s.config)) return 'bad setup';
	if (!isStr(s.createdAt)) return 'no creation time';
	if (s.source !== 'local' && s.source !== 'import') return 'bad source';
	return s as unknown as Session;
}

export function toJson(session: Session, rounds: Round[]): string {
	const out: SessionExport = { format: FORMAT, version: FORMAT_VERSION, session, rounds };
	return JSON.stringify(out, null, 1);
}

const CSV_COLUMNS = [
	'session_id', 'player', 'created_at', 'set', 'n', 'seconds', 'seed', 'mode', 'model', 'backend', 'index', 'image', 'truth', 'real',
	'human', 'model_top5', 'human_ms', 'timed_out', 'assisted', 'human_tags', 'model_tags', 'answered_at'
] as const;

export function toCsv(session: Session, rounds: Round[]): string {
	return Papa.unparse({
		fields: [...CSV_COLUMNS],
		data: rounds.map((r) => [
			session.id, session.player, session.createdAt, r.set, session.config.n, session.config.seconds, session.config.seed, r.mode, r.modelId,
			r.backend, r.index, r.image, r.truth, r.real.join(' '), r.human.join(' '),
			r.model.map((m) => `${m.classIndex}:${m.probability.toFixed(6)}`).join(' '), Math.round(r.humanMs), r.timedOut, r.assisted,
			r.humanTags.join(' '), r.modelTags.join(' '), r.answeredAt
		])
	});
}

export interface ImportResult {
	sessions: { session: Session; rounds: Round[] }[];
	/** Records set aside, with why. */
	problems: string[];
}

const ints = (s: string) => (s.trim() ? s.trim().split(/\s+/).map(Number) : []);
const words = (s: string) => (s.trim() ? s.trim().split(/\s+/) : []);

function fromCsv(text: string, name: string): ImportResult {
	const parsed = Papa.parse<Record<string, string>>(text.trim(), { header: true, skipEmptyLines: true });
	const missing = CSV_COLUMNS.filter((c) => !(parsed.meta.fields ?? []).includes(c));
	if (missing.length) return { sessions: [], problems: [`${name}: not a ConvNet Arena CSV export (missing columns: ${missing.slice(0, 4).join(', ')})`] };
	const bySession = new Map<string, { session: Session; rounds: Round[] }>();
	const problems: string[] = [];
	parsed.data.forEach((row, i) => {
		const session = checkSession({
			id: row.session_id, player: row.player, createdAt: row.created_at, source: 'import',
			config: { set: row.set, n: Number(row.n), seconds: Number(row.seconds), seed: Number(row.seed), mode: row.mode, model: row.model }
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
			problems.push(`${name} row ${i + 2}: ${typeof session === 'string' ? session : round}`);
			return;
		}
		const entry = bySession.get(session.id) ?? { session, rounds: [] };
		entry.rounds.push(round);
		bySession.set(session.id, entry);
	});
	return { sessions: [...bySession.values()], problems };
}

function fromJson(text: string, name: string): ImportResult {
	let data: unknown;
	try {
		data = JSON.parse(text);
	} catch (e) {
		return { sessions: [], problems: [`${name}: not valid JSON (${(e as Error).message})`] };
	}
	const list = Array.isArray(data) ? data : [data];
	const out: ImportResult = { sessions: [], problems: [] };
	list.forEach((item, k) => {
		const where = list.length > 1 ? `${name} [${k}]` : name;
		const x = item as Partial<SessionExport>;
		if (!x || x.format !== FORMAT) return void out.problems.push(`${where}: not a ConvNet Arena session export`);
		const session = checkSession({ ...x.session, source: 'import' });
		if (typeof session === 'string') return void out.problems.push(`${where}: session ${session}`);
		const rounds: Round[] = [];
		(Array.isArray(x.rounds) ? x.rounds : []).forEach((r, i) => {
			const checked = checkRound(r);
			if (typeof checked === 'string') out.problems.push(`${where} round ${i + 1}: ${checked}`);
			else if (checked.sessionId !== session.id) out.problems.push(`${where} round ${i + 1}: belongs to another session`);
			else rounds.push(checked);
		});
		out.sessions.push({ session, rounds });
	});
	return out;
}

/** Read an exported file (JSON or CSV); whatever is damaged is reported and left out, never guessed. */
export function parseExport(text: string, name: string): ImportResult {
	const t = text.replace(/^\uFEFF/, '').trim();
	if (!t) return { sessions: [], problems: [`${name}: empty file`] };
	return t.startsWith('{') || t.startsWith('[') ? fromJson(t, name) : fromCsv(t, name);
}
