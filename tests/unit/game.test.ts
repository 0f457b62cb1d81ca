// The arena's game state machine with a stand-in classifier and store: rounds, clock, drafts and exact resume.
import { describe, expect, test } from 'vitest';
import { flushSync } from 'svelte';
import { Game, TEAM_K, type GameIO } from '../../src/lib/arena/game.svelte';
import type { RoundDraft } from '../../src/lib/arena/draft';
import { firstUnanswered } from '../../src/lib/arena/ledger';
import type { ModelGuess, Round, Session } from '../../src/lib/arena/round';
import { DEFAULT_CONFIG, imageSequence, type SessionConfig } from '../../src/lib/arena/session';
import type { LabelledImage } from '../../src/lib/core/labels';

const images: LabelledImage[] = Array.from({ length: 20 }, (_, i) => ({ filename: `img${i}.jpg`, wnid: `n${i}`, classIndex: i * 7, real: [i * 7] }));
/** The stand-in model is right on even class indices, wrong (class 999 first) on odd ones. */
const answerFor = (l: LabelledImage, k: number): ModelGuess[] =>
	Array.from({ length: k }, (_, r) => ({ classIndex: l.classIndex % 2 === 0 ? (l.classIndex + r) % 1000 : 999 - r, probability: 1 / (r + 2) }));

function world(opts: { failPhoto?: Set<string>; unavailable?: Set<string> } = {}) {
	let clock = 1000;
	const drafts = new Map<string, RoundDraft>();
	const saved = { sessions: [] as Session[], rounds: new Map<string, Round>() };
	const photos: string[] = [];
	const looks: number[] = [];
	const released: string[] = [];
	let ids = 0;
	const io: GameIO = {
		photo(_set, l, k, crops) {
			looks.push(crops);
			photos.push(l.filename);
			const fail = opts.failPhoto?.has(l.filename);
			return {
				url: fail ? Promise.reject(new Error(`${l.filename}: Failed to fetch`)) : Promise.resolve(`blob:${l.filename}`),
				answer: fail ? Promise.reject(new Error('no photo')) : Promise.resolve(answerFor(l, k)),
				release: () => released.push(l.filename)
			};
		},
		putSession: async (s) => void saved.sessions.push(s),
		putRound: async (r) => void saved.rounds.set(`${r.sessionId}/${r.index}`, r),
		drafts: { get: (id) => drafts.get(id) ?? null, put: (d) => void drafts.set(d.sessionId, structuredClone(d)), delete: (id) => void drafts.delete(id) },
		now: () => clock,
		backend: () => 'stand-in',
		newId: () => `game-${++ids}`,
		missingPhotos: async (_set, ls) => ls.map((l) => l.filename).filter((f) => opts.unavailable?.has(f))
	};
	return { io, drafts, saved, photos, looks, released, advance: (ms: number) => (clock += ms) };
}

const config = (over: Partial<SessionConfig> = {}): SessionConfig => ({ ...DEFAULT_CONFIG, set: 'test', n: 4, seed: 7, ...over });

describe('Game', () => {
	test('a whole game: guesses, submit, reveal, next, done; every round saved and the draft cleared', async () => {
		const w = world();
		const g = new Game(w.io, config(), images);
		const seq = imageSequence(images, 4, 7);
		await g.start('Ada');
		expect(g.phase).toBe('round');
		expect(g.photoUrl).toBe(`blob:${seq[0].filename}`);
		for (let i = 0; i < 4; i++) {
			expect(g.current).toBe(i);
			g.guesses = [5, seq[i].classIndex];
			w.advance(2500);
			await g.submit();
			expect(g.phase).toBe('reveal');
			expect(g.lastRound?.human).toEqual([5, seq[i].classIndex]);
			expect(g.lastRound?.humanMs).toBe(2500);
			expect(g.modelTop).toHaveLength(5);
			// Saved before the reveal shows; the draft stays only as "this reveal is on screen".
			expect(w.saved.rounds.get(`${g.session!.id}/${i}`)?.human).toEqual([5, seq[i].classIndex]);
			expect(w.drafts.get(g.session!.id)?.index).toBe(i);
			await g.beginRound();
		}
		expect(g.phase).toBe('done');
		expect(w.drafts.size).toBe(0);
		expect([...w.saved.rounds.values()].map((r) => r.image)).toEqual(seq.map((l) => l.filename));
		// One photo job per image, each released when the game moved on.
		expect(w.photos).toEqual(seq.map((l) => l.filename));
		expect(w.released).toEqual(seq.map((l) => l.filename));
		expect(w.looks).toEqual([1, 1, 1, 1]);
	});

	test('a reload mid-round resumes the same guesses, the same time left and the assisted mark', async () => {
		const w = world();
		const g = new Game(w.io, config({ seconds: 30 }), images);
		await g.start('Ada');
		g.guesses = [3];
		g.guesses = [3, 4];
		w.advance(6400);
		g.tick();
		await g.showModel();
		expect(g.modelTop).toHaveLength(5);
		w.advance(1000);
		g.tick();
		expect(g.secondsLeft).toBe(23); // 30 - 7.4 s, rounded up
		const session = w.saved.sessions[0];

		// The tab goes away; a new page opens the same game.
		const again = new Game(w.io, DEFAULT_CONFIG, images);
		await again.resume(session, []);
		expect(again.phase).toBe('round');
		expect(again.current).toBe(0);
		expect(again.guesses).toEqual([3, 4]);
		expect(again.assisted).toBe(true);
		expect(again.modelTop).toHaveLength(5); // the answer is shown again: it was seen
		expect(again.secondsLeft).toBe(23);
		w.advance(3000);
		again.tick();
		expect(again.secondsLeft).toBe(20); // the clock continues from the time used
		await again.submit();
		expect(again.lastRound?.assisted).toBe(true);
		expect(again.lastRound?.humanMs).toBeCloseTo(10400, -1);
	});

	test('a reload during the reveal comes back on that reveal, its answer saved and counted once', async () => {
		const w = world();
		let putting: (() => void) | null = null;
		const put = w.io.putRound;
		const g = new Game({ ...w.io, putRound: (r) => new Promise((res) => (putting = () => void put(r).then(res))) }, config(), images);
		await g.start('Ada');
		const seq = imageSequence(images, 4, 7);
		g.guesses = [seq[0].classIndex];
		const submitted = g.submit();
		await new Promise((r) => setTimeout(r, 0));
		expect(g.phase).toBe('round'); // not revealed while the answer is not yet stored
		putting!();
		await submitted;
		expect(g.phase).toBe('reveal');
		const session = w.saved.sessions[0];
		const stored = [...w.saved.rounds.values()];
		expect(stored).toHaveLength(1);

		// The page goes during the reveal; a new page opens the same game.
		const pictures: string[] = [];
		const again = new Game({ ...w.io, picture: (_set, l) => (pictures.push(l.filename), { url: Promise.resolve(`blob:${l.filename}`), release() {} }) }, DEFAULT_CONFIG, images);
		const photosBefore = w.photos.length;
		await again.resume(session, stored);
		expect(again.phase).toBe('reveal');
		expect(again.current).toBe(0);
		expect(again.lastRound?.human).toEqual([seq[0].classIndex]);
		expect(again.modelTop).toHaveLength(5);
		expect(again.photoUrl).toBe(`blob:${seq[0].filename}`);
		expect(pictures).toEqual([seq[0].filename]);
		expect(w.photos.length).toBe(photosBefore); // the model does not look again
		expect(again.answered).toBe(1);
		await again.beginRound();
		expect(again.phase).toBe('round');
		expect(again.current).toBe(1);
		expect(again.guesses).toEqual([]);
	});

	test('a peek is saved before the answer arrives, so it cannot be undone by a reload', async () => {
		const w = world();
		const g = new Game(w.io, config(), images);
		await g.start('Ada');
		void g.showModel(); // not awaited: the page may go at once
		expect(w.drafts.get(g.session!.id)?.assisted).toBe(true);
	});

	test('resume asks the first image with no saved round: a gap is filled, never overwritten', async () => {
		const w = world();
		const g = new Game(w.io, config(), images);
		await g.start('Ada');
		const session = g.session!;
		const seq = imageSequence(images, 4, 7);
		const saved = (i: number): Round => ({
			sessionId: session.id, index: i, set: 'test', image: seq[i].filename, truth: seq[i].classIndex, real: [], human: [1], model: [],
			humanMs: 1, timedOut: false, assisted: false, humanTags: [], modelTags: [], mode: 'challenge', modelId: 'm', backend: 'b', answeredAt: ''
		});
		w.drafts.clear(); // no round or reveal on screen when the page went (a draft at 0 would mean 0's reveal was)
		const again = new Game(w.io, config(), images);
		await again.resume(session, [saved(3), saved(0), saved(2)]);
		expect(again.current).toBe(1);
		expect(again.photoUrl).toBe(`blob:${seq[1].filename}`);
		await again.submit();
		await again.beginRound();
		expect(again.phase).toBe('done');
		expect(again.rounds.map((r) => r.index)).toEqual([0, 1, 2, 3]);
		expect(firstUnanswered([{ index: 1 }], 3)).toBe(0);
	});

	test('the clock runs out: the guesses so far are submitted, marked timed out', async () => {
		const w = world();
		const g = new Game(w.io, config({ seconds: 5 }), images);
		await g.start('Ada');
		g.guesses = [42];
		w.advance(4900);
		g.tick();
		expect(g.phase).toBe('round');
		w.advance(200);
		g.tick();
		await new Promise((r) => setTimeout(r, 0));
		expect(g.phase).toBe('reveal');
		expect(g.lastRound).toMatchObject({ human: [42], timedOut: true });
	});

	test('at time-out the highlighted suggestion counts as chosen (once, not twice)', async () => {
		const w = world();
		const g = new Game(w.io, config({ seconds: 5 }), images);
		await g.start('Ada');
		g.guesses = [42];
		g.highlighted = 7;
		w.advance(5100);
		g.tick();
		await new Promise((r) => setTimeout(r, 0));
		expect(g.lastRound).toMatchObject({ human: [42, 7], timedOut: true });
		expect(g.highlighted).toBe(7); // until the next round begins
	});

	test('the model looks as many times as the game says', async () => {
		const w = world();
		const g = new Game(w.io, config({ crops: 10 }), images);
		await g.start('Ada');
		expect(w.looks).toEqual([10]);
	});

	test("team mode offers only the model's top-100", async () => {
		const w = world();
		const g = new Game(w.io, config({ mode: 'team' }), images);
		await g.start('Ada');
		expect(g.allowed?.size).toBe(TEAM_K);
		await g.submit();
		expect(g.lastRound?.model).toHaveLength(5);
	});

	test('a photo that fails to load says so, and a retry goes on without a reload', async () => {
		const seq = imageSequence(images, 4, 7);
		const fail = new Set([seq[0].filename]);
		const w = world({ failPhoto: fail });
		const g = new Game(w.io, config(), images);
		await g.start('Ada');
		expect(g.phase).toBe('waiting');
		expect(g.error).toContain('Failed to fetch');
		fail.clear();
		await g.retry();
		expect(g.phase).toBe('round');
		expect(g.error).toBe('');
	});

	test('a game whose photos cannot be had does not start, says which, and starts once they can', async () => {
		const seq = imageSequence(images, 4, 7);
		const unavailable = new Set([seq[1].filename, seq[3].filename]);
		const w = world({ unavailable });
		const g = new Game(w.io, config(), images);
		await g.start('Ada');
		expect(g.phase).toBe('intro');
		expect(g.session).toBeNull();
		expect(g.error).toBe(`2 of this game's 4 photos cannot be loaded now (${seq[1].filename}, ${seq[3].filename}): check the connection and press Start again.`);
		unavailable.clear();
		await g.start('Ada');
		expect(g.phase).toBe('round');
		expect(g.error).toBe('');
	});

	test('tags toggle on the revealed round and are saved', async () => {
		const w = world();
		const g = new Game(w.io, config(), images);
		await g.start('Ada');
		await g.submit();
		await g.toggleTag('modelTags', 'small_or_thin');
		expect([...w.saved.rounds.values()][0].modelTags).toEqual(['small_or_thin']);
		await g.toggleTag('modelTags', 'small_or_thin');
		expect([...w.saved.rounds.values()][0].modelTags).toEqual([]);
	});

	test('play again: a new seed, a new saved game, started at once', async () => {
		const w = world();
		const g = new Game(w.io, config({ n: 1 }), images);
		await g.start('Ada');
		await g.submit();
		await g.beginRound();
		expect(g.phase).toBe('done');
		await g.playAgain(99);
		flushSync();
		expect(g.phase).toBe('round');
		expect(g.rounds).toEqual([]);
		expect(g.session?.id).toBe('game-2');
		expect(g.session?.config.seed).toBe(99);
		expect(g.sequence).toEqual(imageSequence(images, 1, 99));
	});
});
