// The record schemas: what is written reads back as it was (JSON, CSV, the draft store), what runs past a limit is
// clamped when written, and each damaged field is named on reading.
import { describe, expect, test } from 'vitest';
import { DEFAULT_CONFIG } from '../../src/lib/arena/session';
import { localDraftStore } from '../../src/lib/arena/draft';
import { checkRound, checkSession, parseExport, toCsv, toJson } from '../../src/lib/store/exchange';
import { MAX_HUMAN_MS, MAX_NAME, roundForStorage, sessionForStorage, type Round, type Session } from '../../src/lib/schema/records';

const session: Session = { id: 's1', player: 'Ada', config: { ...DEFAULT_CONFIG, set: 'x', model: 'm', n: 3, crops: 10, mode: 'team' }, createdAt: '2026-11-25T10:00:00Z', source: 'local' };
const round = (i: number, extra: Partial<Round> = {}): Round => ({
	sessionId: 's1', index: i, image: `img${i}.jpg`, set: 'x', truth: i, real: [i, 9], human: [i, 7],
	model: [{ classIndex: i, probability: 0.625 }, { classIndex: 3, probability: 0.25 }], humanMs: 4_000, timedOut: false, assisted: true,
	humanTags: ['fine_grained'], modelTags: [], mode: 'team', modelId: 'm', backend: 'wasm', answeredAt: '2026-11-25T10:01:00Z', ...extra
});

/** A Storage in memory, for the draft store. */
function memoryStorage(): Storage {
	const m = new Map<string, string>();
	return {
		get length() { return m.size; },
		clear: () => m.clear(),
		getItem: (k) => m.get(k) ?? null,
		key: (i) => [...m.keys()][i] ?? null,
		removeItem: (k) => void m.delete(k),
		setItem: (k, val) => void m.set(k, val)
	};
}

describe('round trips', () => {
	test('a session and its rounds, through the JSON export and back', () => {
		const rounds = [round(0), round(1), round(2)];
		const back = parseExport(toJson(session, rounds), 'game.json');
		expect(back.problems).toEqual([]);
		expect(back.sessions).toEqual([{ session: { ...session, source: 'import' }, rounds, files: ['game.json'] }]);
	});
	test('the same through the CSV export (probabilities kept to six places)', () => {
		const rounds = [round(0), round(1, { human: [], real: [], humanTags: [] })];
		const back = parseExport(toCsv(session, rounds), 'game.csv');
		expect(back.problems).toEqual([]);
		expect(back.sessions[0].session).toEqual({ ...session, source: 'import' });
		expect(back.sessions[0].rounds).toEqual(rounds);
	});
	test('a draft through the draft store; a damaged one reads as none, and one that would not read is not written', () => {
		const storage = memoryStorage();
		const drafts = localDraftStore(storage);
		const draft = { sessionId: 's1', index: 2, guesses: [5, 9], usedMs: 1234.5, assisted: true };
		drafts.put(draft);
		expect(drafts.get('s1')).toEqual(draft);
		expect(drafts.get('s2')).toBeNull();
		storage.setItem('convnet-arena-draft:s1', JSON.stringify({ ...draft, guesses: [5, 5] }));
		expect(drafts.get('s1')).toBeNull(); // the same guess twice
		storage.setItem('convnet-arena-draft:s1', '{not json');
		expect(drafts.get('s1')).toBeNull();
		drafts.put({ ...draft, sessionId: 's3', usedMs: -1 });
		expect(storage.getItem('convnet-arena-draft:s3')).toBeNull();
	});
});

describe('written through the schema', () => {
	test('a round over a day is stored as a day, and reads back', () => {
		const stored = roundForStorage(round(0, { humanMs: 3 * MAX_HUMAN_MS }));
		expect(stored.humanMs).toBe(MAX_HUMAN_MS);
		expect(checkRound(stored)).toEqual(stored);
	});
	test('a long player name is cut to the limit, and reads back', () => {
		const stored = sessionForStorage({ ...session, player: 'x'.repeat(5 * MAX_NAME) });
		expect(stored.player).toHaveLength(MAX_NAME);
		expect(checkSession(stored)).toEqual(stored);
	});
	test('what no read accepts is refused at write time, not stored', () => {
		expect(() => roundForStorage(round(0, { truth: 1000 }))).toThrow(/bad true label/);
		expect(() => sessionForStorage({ ...session, createdAt: 'soon' })).toThrow(/no creation time/);
	});
	test('fields a record does not have are dropped, not stored', () => {
		const stored = roundForStorage({ ...round(0), extra: 'x' } as Round);
		expect(stored).not.toHaveProperty('extra');
	});
});

describe('read: each damaged field is named', () => {
	test.each([
		[{ sessionId: '' }, 'no session id'],
		[{ index: -1 }, 'bad round number'],
		[{ image: '' }, 'no image'],
		[{ truth: 'eel' }, 'bad true label'],
		[{ real: [1, 1000] }, 'bad ReaL labels'],
		[{ human: [1, 2, 3, 4, 5, 6] }, "bad person's guesses"],
		[{ model: [{ classIndex: 1, probability: 2 }] }, "bad model's guesses (class 0-999, probability 0-1)"],
		[{ humanMs: Infinity }, 'bad time (not a number of milliseconds under a day)'],
		[{ timedOut: 'no' }, 'bad flags'],
		[{ modelTags: [1] }, 'bad tags'],
		[{ mode: 'cheat' }, 'bad mode'],
		[{ answeredAt: 'yesterday' }, 'bad model, backend or time stamp']
	] as [Record<string, unknown>, string][])('round %o: %s', (bad, message) => {
		expect(checkRound({ ...round(0), ...bad })).toBe(message);
	});
	test('sessions: a game saved before "looks" existed looked once; a bad setup is one message', () => {
		const { crops: _, ...oldConfig } = session.config;
		expect(checkSession({ ...session, config: oldConfig })).toEqual({ ...session, config: { ...session.config, crops: 1 } });
		expect(checkSession({ ...session, config: { ...session.config, mode: 'cheat' } })).toBe('bad setup');
		expect(checkSession({ ...session, source: 'cloud' })).toBe('bad source');
		expect(checkSession(null)).toBe('not an object');
	});
});
