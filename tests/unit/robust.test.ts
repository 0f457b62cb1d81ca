// Robustness of what comes from outside: imports (validation, duplicates, size), CSV formula escaping, the round ledger.
import { describe, expect, test } from 'vitest';
import Papa from 'papaparse';
import type { Round, Session } from '../../src/lib/arena/round';
import { DEFAULT_CONFIG } from '../../src/lib/arena/session';
import {
	checkRound, checkSession, FORMULA_START, ImportCollector, MAX_IMPORT_BYTES, parseExport, salvageSession, toCsv, toJson, tooLarge, unescapeCell
} from '../../src/lib/store/exchange';
import { pictureNote } from '../../src/lib/browser/decode';
import { checkOverwrite, RoundConflictError } from '../../src/lib/store/ledger';
import { firstUnanswered, sameAnswer, unanswered } from '../../src/lib/arena/ledger';

const session: Session = { id: 's1', player: 'Ada', config: { ...DEFAULT_CONFIG, set: 'x', model: 'm', n: 5 }, createdAt: '2026-11-25T10:00:00Z', source: 'local' };
const round = (i: number, extra: Partial<Round> = {}): Round => ({
	sessionId: 's1', index: i, set: 'x', image: `img${i}.jpg`, truth: i, real: [i], human: [i, 7],
	model: [{ classIndex: i, probability: 0.6 }, { classIndex: i === 3 ? 4 : 3, probability: 0.2 }], humanMs: 4_000, timedOut: false, assisted: false,
	humanTags: [], modelTags: [], mode: 'challenge', modelId: 'm', backend: 'wasm', answeredAt: '2026-11-25T10:01:00Z', ...extra
});
const json = (s: unknown, rounds: unknown[]) => JSON.stringify({ format: 'convnet-arena-session', version: 1, session: s, rounds });

describe('CSV export escapes formulas (CSV injection)', () => {
	const hostile = ['=HYPERLINK("http://x","y")', '+1+2', '-3', '@SUM(A1)', '\tTAB', '\rCR', '=1\n=2'];
	test('every cell that starts with = + - @ tab or CR is written with a leading apostrophe', () => {
		for (const player of hostile) {
			const csv = toCsv({ ...session, player }, [round(0, { humanTags: [player.replace(/\s/g, '')] })]);
			const row = Papa.parse<string[]>(csv, { skipEmptyLines: true }).data[1];
			for (const cell of row) expect(FORMULA_START.test(cell), `cell ${JSON.stringify(cell)}`).toBe(false);
			expect(row[1]).toBe(`'${player}`);
		}
	});
	test('a harmless name is left alone, and an escaped export reads back as it was', () => {
		expect(Papa.parse<string[]>(toCsv(session, [round(0)])).data[1][1]).toBe('Ada');
		for (const player of hostile) {
			const back = parseExport(toCsv({ ...session, player }, [round(0)]), 'f.csv');
			expect(back.problems).toEqual([]);
			expect(back.sessions[0].session.player).toBe(player);
		}
		expect(unescapeCell("'hello")).toBe("'hello"); // only the export's own escape is undone
	});
});

describe('imports are checked field by field', () => {
	test('infinite or NaN times and probabilities, bad class indices and round numbers are refused', () => {
		expect(checkRound(round(0, { humanMs: Infinity }))).toMatch(/bad time/);
		expect(checkRound(round(0, { humanMs: NaN }))).toMatch(/bad time/);
		expect(checkRound(round(0, { humanMs: -1 }))).toMatch(/bad time/);
		expect(checkRound(round(0, { model: [{ classIndex: 1, probability: NaN }] }))).toMatch(/model's guesses/);
		expect(checkRound(round(0, { model: [{ classIndex: 1, probability: 1.5 }] }))).toMatch(/model's guesses/);
		expect(checkRound(round(0, { model: [{ classIndex: 1000, probability: 0.1 }] }))).toMatch(/model's guesses/);
		expect(checkRound(round(0, { human: [-1] }))).toMatch(/person's guesses/);
		expect(checkRound(round(0, { human: [1.5] }))).toMatch(/person's guesses/);
		expect(checkRound(round(0, { index: 1500 }))).toMatch(/round number/);
		expect(checkRound(round(0, { answeredAt: 'yesterday' }))).toMatch(/time stamp/);
		expect(checkSession({ ...session, config: { ...session.config, n: Infinity } })).toBe('bad setup');
		expect(checkSession({ ...session, createdAt: 'soon' })).toBe('no creation time');
		expect(checkRound(round(0))).not.toBeTypeOf('string');
	});
	test('JSON cannot carry Infinity, but a CSV can: "Infinity" and "NaN" cells are reported, the good rows load', () => {
		const csv = toCsv(session, [round(0), round(1), round(2)]).split('\r\n');
		csv[2] = csv[2].replace(',4000,', ',Infinity,');
		csv[3] = csv[3].replace('2:0.600000', '2:NaN');
		const r = parseExport(csv.join('\r\n'), 'c.csv');
		expect(r.sessions[0].rounds.map((x) => x.index)).toEqual([0]);
		expect(r.problems).toEqual([expect.stringMatching(/^c\.csv row 3: bad time/), expect.stringMatching(/^c\.csv row 4: bad model's guesses/)]);
	});
	test('round numbers past the game, duplicate rounds and duplicate session ids are merged or reported', () => {
		const r = parseExport(json(session, [round(0), round(1), round(1), round(1, { human: [9] }), round(7, { human: [7] })]), 'd.json'); // (a guess twice is now refused itself)
		expect(r.sessions).toHaveLength(1);
		expect(r.sessions[0].rounds.map((x) => [x.index, x.human])).toEqual([[0, [0, 7]], [1, [1, 7]]]);
		expect(r.problems).toEqual([
			'd.json round 4: round number 2 appears twice with different answers: the first one kept',
			"d.json round 5: round number 8 is past the game's 5 rounds",
			'1 repeated round (same answer) merged'
		]);
		// Two files with the same game: counted once. A different game under the same id: reported.
		const c = new ImportCollector();
		c.add(json(session, [round(0)]), 'a.json');
		c.add(toCsv(session, [round(0), round(2)]), 'b.csv');
		c.add(json({ ...session, player: 'Bob' }, [round(3)]), 'c.json');
		const all = c.result();
		expect(all.sessions).toHaveLength(1);
		expect(all.sessions[0].rounds.map((x) => x.index)).toEqual([0, 2]);
		expect(all.problems[0]).toMatch(/^c\.json: another game with the same id "s1" as in a\.json \(player Bob, not Ada\)/);
	});
	test('a file over the size limit is refused with its size', () => {
		expect(tooLarge('big.json', 50e6)).toMatch(/^big\.json: 50\.0 MB is more than one import may hold \(10 MB\)/);
		expect(tooLarge('ok.json', MAX_IMPORT_BYTES)).toBeNull();
	});
	test('a JSON export round-trips unchanged', () => {
		const r = parseExport(toJson(session, [round(0), round(1)]), 'f.json');
		expect(r.problems).toEqual([]);
		expect(r.sessions[0].rounds).toEqual([round(0), round(1)]);
	});
});

describe('the round ledger', () => {
	test('resume goes to the first gap, not to the number of saved rounds', () => {
		const saved = [round(0), round(1), round(3)];
		expect(firstUnanswered(saved, 5)).toBe(2); // saved.length would be 3: round 3 would be overwritten
		expect(unanswered(saved, 5)).toEqual([2, 4]);
		expect(firstUnanswered([], 5)).toBe(0);
		expect(firstUnanswered([0, 1, 2, 3, 4].map((i) => round(i)), 5)).toBe(5);
	});
	test('a saved round may get new tags, never a different answer', () => {
		expect(() => checkOverwrite(undefined, round(1))).not.toThrow();
		expect(() => checkOverwrite(round(1), round(1, { humanTags: ['fine_grained'], modelTags: ['small_or_thin'] }))).not.toThrow();
		expect(sameAnswer(round(1), round(1, { human: [2] }))).toBe(false);
		const err = (() => {
			try {
				checkOverwrite(round(1), round(1, { human: [2] }));
			} catch (e) {
				return e;
			}
		})();
		expect(err).toBeInstanceOf(RoundConflictError);
		expect((err as RoundConflictError).index).toBe(1);
		expect((err as Error).message).toMatch(/Round 2 of this game is already saved with a different answer/);
	});
	test('good rounds of a damaged game record keep their game: what is readable is salvaged', () => {
		const rounds = [round(0), round(2)];
		const partly = salvageSession('s1', { ...session, player: 42 }, rounds);
		expect(partly).toEqual({ session: { ...session, player: 'unknown player' }, resumable: true });
		const gone = salvageSession('s1', undefined, rounds);
		expect(gone.resumable).toBe(false);
		expect(gone.session.config).toMatchObject({ set: 'x', n: 3, model: 'm' });
		expect(gone.session.createdAt).toBe('2026-11-25T10:01:00Z');
	});
});

describe('the store refuses to overwrite an answer', () => {
	test('putRound: a new answer at a saved position throws RoundConflictError and keeps the saved one; new tags are saved', async () => {
		const { openStore } = await import('../../src/lib/store/db');
		const store = await openStore(); // Node has no IndexedDB: the in-memory store, with its warning
		expect(store.warnings[0]).toMatch(/Saved games are unavailable/);
		await store.putSession(session);
		await store.putRound(round(0));
		await store.putRound(round(2));
		await expect(store.putRound(round(0, { human: [42] }))).rejects.toBeInstanceOf(RoundConflictError);
		await store.putRound(round(0, { humanTags: ['fine_grained'] }));
		const [game] = await store.sessions();
		expect(game.rounds.map((r) => [r.index, r.human, r.humanTags])).toEqual([[0, [0, 7], ['fine_grained']], [2, [2, 7], []]]);
		expect(firstUnanswered(game.rounds, session.config.n)).toBe(1);
	});
});

describe('pictures the model cannot read well', () => {
	test('a tiny or extremely elongated picture gets a note; an ordinary one none', () => {
		expect(pictureNote(640, 480)).toBe('');
		expect(pictureNote(32, 128)).toBe('');
		expect(pictureNote(1, 1)).toBe('This picture is tiny (1 x 1 pixels): the model enlarges it to its input size. The answer below means little.');
		expect(pictureNote(4096, 41)).toMatch(/^This picture is extremely elongated \(4096 x 41, 100:1\): the model sees only its centre square\./);
		expect(pictureNote(512, 26)).toMatch(/tiny \(512 x 26 pixels\).*; and extremely elongated \(512 x 26, 20:1\)/);
	});
});
