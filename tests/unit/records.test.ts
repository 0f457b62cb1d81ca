// Issue #24, records: keys from identity, one schema for writing and reading, imports that strip, refuse and
// never replace another player's game, a Start that creates one game, and the in-memory store's checks.
import { describe, expect, test } from 'vitest';
import { dedupeRounds, roundKey, uniqueBy, uniqueMessages } from '../../src/lib/arena/identity';
import { missesByCategory } from '../../src/lib/arena/mistakes';
import { readOnlyReason } from '../../src/lib/arena/read-only';
import { Game, type GameIO } from '../../src/lib/arena/game.svelte';
import { DEFAULT_CONFIG } from '../../src/lib/arena/session';
import { checkRound, checkSession, ImportCollector, keepKnownImages, parseExport, planImports, toCsv, toJson } from '../../src/lib/store/exchange';
import { memoryStore } from '../../src/lib/store/db';
import { GameGoneError } from '../../src/lib/store/ledger';
import { limitName, MAX_HUMAN_MS, MAX_NAME, roundForStorage, sessionForStorage, type Round, type Session } from '../../src/lib/schema/records';
import type { LabelledImage } from '../../src/lib/core/labels';

const SET = 'ilsvrc2012_val_acuity1300';
const session = (id = 's1', player = 'Ada', over: Partial<Session['config']> = {}): Session => ({
	id, player, config: { ...DEFAULT_CONFIG, set: SET, n: 5, ...over }, createdAt: '2026-11-25T10:00:00Z', source: 'local'
});
const round = (i: number, extra: Partial<Round> = {}): Round => ({
	sessionId: 's1', index: i, set: SET, image: `img${i}.JPEG`, truth: i, real: [i], human: [i, 7],
	model: [{ classIndex: 500 + i, probability: 0.6 }], humanMs: 4000, timedOut: false, assisted: false,
	humanTags: [], modelTags: [], mode: 'challenge', modelId: DEFAULT_CONFIG.model, backend: 'wasm', answeredAt: '2026-11-25T10:01:00Z', ...extra
});

describe('keys from identity', () => {
	test('uniqueBy keeps the first of each key; roundKey is (game, position)', () => {
		expect(uniqueBy([1, 2, 1, 3, 2], String)).toEqual({ kept: [1, 2, 3], repeated: [1, 2] });
		expect(roundKey(round(3))).not.toBe(roundKey({ ...round(3), sessionId: 's2' }));
		expect(roundKey(round(3))).not.toBe(roundKey(round(4)));
	});
	test('dedupeRounds: the same round twice is dropped quietly, another answer at one position is reported', () => {
		const { rounds, conflicting } = dedupeRounds([round(1), round(0), round(1), round(0, { human: [9] })]);
		expect(rounds.map((r) => r.index)).toEqual([0, 1]);
		expect(rounds[0].human).toEqual([0, 7]); // the first kept
		expect(conflicting.map((r) => r.human)).toEqual([[9]]);
	});
	test('uniqueMessages counts repeats, so a list of notes has unique keys', () => {
		expect(uniqueMessages(['a', 'b', 'a'])).toEqual(['a (2 times)', 'b']);
	});
	test('a tag given twice lists a missed round once under it', () => {
		const r = round(0, { model: [{ classIndex: 999, probability: 0.9 }], modelTags: ['fine_grained', 'fine_grained'] });
		expect(missesByCategory([r], 'model').get('fine_grained')).toHaveLength(1);
	});
});

describe('one schema for writing and reading', () => {
	test('what the app writes, the app reads back: a time over a day, a long name, unknown fields', () => {
		const w = roundForStorage({ ...round(0, { humanMs: 25 * 3600 * 1000 }), junk: 'x'.repeat(1000) } as Round);
		expect(w.humanMs).toBe(MAX_HUMAN_MS);
		expect(w).not.toHaveProperty('junk');
		expect(checkRound(JSON.parse(JSON.stringify(w)))).toEqual(w);
		const s = sessionForStorage(session('s1', ` ${'n'.repeat(3 * MAX_NAME)} `));
		expect(s.player).toHaveLength(MAX_NAME);
		expect(checkSession(JSON.parse(JSON.stringify(s)))).toEqual(s);
		expect(limitName('  Ada  ')).toBe('Ada');
	});
	test.each([
		[{ image: '/passwd' }, 'bad image name'],
		[{ image: '../../etc/passwd' }, 'bad image name'],
		[{ image: '..' }, 'bad image name'],
		[{ set: '../x' }, 'bad image set'],
		[{ humanTags: ['z'.repeat(100)] }, 'bad tags'],
		[{ modelTags: Array.from({ length: 21 }, (_, i) => `t${i}`) }, 'bad tags'],
		[{ human: [3, 3] }, "bad person's guesses"],
		[{ model: [{ classIndex: 1, probability: 0.5 }, { classIndex: 1, probability: 0.4 }] }, "bad model's guesses (class 0-999, probability 0-1)"],
		[{ backend: 'b'.repeat(201) }, 'bad model, backend or time stamp']
	] as [Partial<Round>, string][])('a round with %o is refused: %s', (bad, why) => {
		expect(checkRound({ ...round(0), ...bad })).toBe(why);
	});
	test('a tag repeated is kept once', () => {
		expect((checkRound(round(0, { humanTags: ['misc', 'misc'] })) as Round).humanTags).toEqual(['misc']);
	});
});

describe('imports', () => {
	test('unknown fields are not kept (JSON and CSV)', () => {
		const text = JSON.stringify({ format: 'convnet-arena-session', version: 1, session: { ...session(), junk: 1 }, rounds: [{ ...round(0), junk: 'x'.repeat(10_000) }], junk: 2 });
		const r = parseExport(text, 'j.json');
		expect(JSON.stringify(r.sessions)).not.toMatch(/junk|xxxx/);
		expect(parseExport(toCsv(session(), [round(0)]), 'c.csv').sessions[0].rounds).toEqual([round(0)]);
	});
	test('chunked reading gives what reading at once gives, with progress and pauses', async () => {
		const many = Array.from({ length: 1000 }, (_, g) => JSON.parse(toJson(session(`g${g}`), [{ ...round(0), sessionId: `g${g}` }])));
		const text = JSON.stringify(many);
		const once = new ImportCollector();
		once.add(text, 'm.json');
		const chunked = new ImportCollector();
		const progress: number[] = [];
		let pauses = 0;
		await chunked.addInChunks(text, 'm.json', { chunk: 300, pause: async () => void pauses++, onProgress: (d) => progress.push(d) });
		expect(chunked.result()).toEqual(once.result());
		expect(progress).toEqual([300, 600, 900, 1000]);
		expect(pauses).toBe(3);
	});
	test('only photos of the set a round names are kept; an unknown set keeps none', () => {
		const r = parseExport(toJson(session(), [round(0), round(1, { image: 'passwd' }), round(2, { set: 'no_such_set' })]), 'p.json');
		const kept = keepKnownImages(r, (set) => (set === SET ? new Set(['img0.JPEG', 'img2.JPEG']) : undefined));
		expect(kept.sessions[0].rounds.map((x) => x.index)).toEqual([0]);
		expect(kept.problems).toEqual([
			'The game of Ada, round 2: "passwd" is not a photo of ilsvrc2012_val_acuity1300: left out',
			'The game of Ada, round 3: the image set "no_such_set" is not in this app: left out'
		]);
	});
	test("a later import never replaces another player's game; the same game replaces its copy", () => {
		const existing = new Map([['s1', { session: session('s1', 'Ada'), file: 'ada.json' }]]);
		const plan = planImports(existing, [
			{ session: session('s1', 'Eve'), file: 'eve.json' },
			{ session: session('s1', 'Ada'), file: 'ada2.json' },
			{ session: session('s2', 'Bob'), file: 'bob.json' }
		]);
		expect(plan.put.map((p) => p.file)).toEqual(['ada2.json', 'bob.json']);
		expect(plan.replaced).toBe(1);
		expect(plan.refused).toEqual(['eve.json: the game "s1" of Eve has the same id as the game of Ada imported earlier from ada.json: not imported, the earlier one kept']);
	});
});

describe('stores and games', () => {
	test('the in-memory store refuses a round of a game it does not hold (no orphans) and writes through the schema', async () => {
		const store = memoryStore('Saved games are unavailable (test)');
		expect(store.unavailable).toMatch(/unavailable/);
		await expect(store.putRound(round(0))).rejects.toBeInstanceOf(GameGoneError);
		await store.putSession(session('s1', 'x'.repeat(500)));
		await store.putRound(round(0, { humanMs: 10 * MAX_HUMAN_MS }));
		const [saved] = await store.sessions();
		expect(saved.session.player).toHaveLength(MAX_NAME);
		expect(saved.rounds[0].humanMs).toBe(MAX_HUMAN_MS);
	});
	test('a game whose model or set is gone, or whose record is damaged past repair, is read-only', () => {
		expect(readOnlyReason({ session: session() })).toBeNull();
		expect(readOnlyReason({ session: session('s1', 'Ada', { model: 'gone-model' }) })).toMatch(/"gone-model", a model this version of the app no longer has/);
		expect(readOnlyReason({ session: session('s1', 'Ada', { set: 'gone_set' }) })).toMatch(/no longer in this app/);
		expect(readOnlyReason({ session: session(), damaged: { why: 'its record is missing', resumable: false } })).toMatch(/its record is missing/);
	});

	const images: LabelledImage[] = Array.from({ length: 6 }, (_, i) => ({ filename: `img${i}.JPEG`, wnid: `n${i}`, classIndex: i, real: [i] }));
	function io(putSession: (s: Session) => Promise<void> = async () => {}) {
		const sessions: Session[] = [];
		const rounds: Round[] = [];
		let ids = 0;
		const x: GameIO = {
			photo: () => ({ url: Promise.resolve('blob:x'), answer: Promise.resolve([{ classIndex: 1, probability: 0.5 }]), release() {} }),
			putSession: async (s) => {
				await putSession(s);
				sessions.push(s);
			},
			putRound: async (r) => void rounds.push(r),
			drafts: { get: () => null, put() {}, delete() {} },
			now: () => 0,
			backend: () => 'test',
			newId: () => `g${++ids}`,
			missingPhotos: () => new Promise((r) => setTimeout(() => r([]), 5)) // a start that takes a moment
		};
		return { io: x, sessions, rounds };
	}
	test('Start pressed three times makes one game; Play again twice makes one more', async () => {
		const w = io();
		const g = new Game(w.io, { ...DEFAULT_CONFIG, set: SET, n: 2 }, images);
		await Promise.all([g.start('Ada'), g.start('Ada'), g.start('Ada')]);
		await g.start('Ada'); // after it began: nothing
		expect(w.sessions).toHaveLength(1);
		for (let i = 0; i < 2; i++) {
			await g.submit();
			await g.beginRound();
		}
		expect(g.phase).toBe('done');
		await Promise.all([g.playAgain(5), g.playAgain(6)]);
		expect(w.sessions.map((s) => s.config.seed)).toEqual([DEFAULT_CONFIG.seed, 5]);
	});
	test('more photos asked than the set has: the game is as long as the set', () => {
		const g = new Game(io().io, { ...DEFAULT_CONFIG, set: SET, n: 200 }, images);
		expect(g.sequence).toHaveLength(6);
		expect(g.config.n).toBe(6);
	});
	test('storage full at Start: the game starts in memory, says so, and tries no further write', async () => {
		const w = io(async () => {
			throw new Error('Could not save the session: the browser storage is full: export your session to keep it');
		});
		const g = new Game(w.io, { ...DEFAULT_CONFIG, set: SET, n: 2 }, images);
		await g.start('Ada');
		expect(g.phase).toBe('round');
		expect(g.saveError).toMatch(/storage is full.*played in memory/);
		await g.submit();
		expect(g.rounds).toHaveLength(1);
		expect(w.rounds).toHaveLength(0);
		expect(g.saveError).toMatch(/played in memory/); // the banner stays
	});
});
