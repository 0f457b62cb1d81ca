import { describe, expect, test } from 'vitest';
import { mcnemarExact, normalCdf, pooledZTest, wilsonInterval } from '../../src/lib/arena/stats';
import { configFromParams, configToParams, imageSequence, DEFAULT_CONFIG } from '../../src/lib/arena/session';
import { scoreboard } from '../../src/lib/arena/scoring';
import type { Round } from '../../src/lib/arena/round';
import { parseLabels } from '../../src/lib/core/labels';
import { checkRound, parseExport, toCsv, toJson } from '../../src/lib/store/exchange';

describe('statistics', () => {
	test('the 2014 study: 76 vs 102 errors in 1500 images give z = 2.01, one-sided p = 0.022', () => {
		const { z, p } = pooledZTest(76, 1500, 102, 1500);
		expect(z.toFixed(2)).toBe('2.01');
		expect(p.toFixed(3)).toBe('0.022');
	});
	test('normal CDF at known points', () => {
		expect(normalCdf(0)).toBeCloseTo(0.5, 7);
		expect(normalCdf(1.959964)).toBeCloseTo(0.975, 5);
		expect(normalCdf(-1)).toBeCloseTo(0.158655, 5);
	});
	test('Wilson 95% interval, by hand: 2 of 10 -> [0.0567, 0.5098]', () => {
		const [lo, hi] = wilsonInterval(2, 10);
		expect(lo).toBeCloseTo(0.0567, 4);
		expect(hi).toBeCloseTo(0.5098, 4);
		expect(wilsonInterval(0, 0)).toEqual([0, 1]);
		expect(wilsonInterval(0, 5)[0]).toBe(0);
	});
	test("McNemar's exact test, by hand: 1 vs 6 discordant pairs -> p = 2 * 8/128 = 0.125", () => {
		const a = [true, false, false, false, false, false, false, true, false];
		const b = [false, true, true, true, true, true, true, true, false];
		const r = mcnemarExact(a, b);
		expect(r.onlyFirstWrong).toBe(1);
		expect(r.onlySecondWrong).toBe(6);
		expect(r.p).toBeCloseTo(0.125, 10);
		expect(mcnemarExact([true], [true]).p).toBe(1);
		expect(mcnemarExact([true, true, true], [false, false, false]).p).toBeCloseTo(0.25, 10); // 2 * (1/8)
	});
});

describe('session setup', () => {
	test('the whole setup round-trips through the URL; bad values fall back to defaults', () => {
		const c = { set: 'ilsvrc2012_val_imagenette500', n: 12, seconds: 30, model: 'darknet-tiny', mode: 'team' as const, seed: 99, crops: 10 as const };
		expect(configFromParams(configToParams(c))).toEqual(c);
		expect(configFromParams(new URLSearchParams('n=-3&mode=cheat&model=nope&set=../../etc&t=abc'))).toEqual(DEFAULT_CONFIG);
	});
	test('a seed fixes the image sequence; another seed gives another one', () => {
		// A made-up set of 1300 (the size of the default set): the sequence depends on the seed, not on the photos.
		const csv = ['filename,class_index', ...Array.from({ length: 1300 }, (_, i) => `p${i}.jpg,${i % 1000}`)].join('\n');
		const labels = parseLabels(csv);
		const a = imageSequence(labels, 10, 7).map((l) => l.filename);
		expect(imageSequence(labels, 10, 7).map((l) => l.filename)).toEqual(a);
		expect(imageSequence(labels, 10, 8).map((l) => l.filename)).not.toEqual(a);
		expect(new Set(a).size).toBe(10);
		expect(imageSequence(labels.slice(0, 3), 10, 1)).toHaveLength(3);
	});
});

const round = (i: number, truth: number, human: number[], model: number[], extra: Partial<Round> = {}): Round => ({
	sessionId: 's1', index: i, set: 'x', image: `img${i}.jpg`, truth, real: [truth], human,
	model: model.map((c, k) => ({ classIndex: c, probability: 0.5 / (k + 1) })), humanMs: 10_000, timedOut: false, assisted: false,
	humanTags: [], modelTags: [], mode: 'challenge', modelId: 'm', backend: 'wasm', answeredAt: '2026-11-25T00:00:00Z', ...extra
});

describe('scoreboard', () => {
	test('error rates, paired test, assisted rounds and running errors, by hand', () => {
		const rounds = [
			round(0, 1, [1], [1, 2, 3, 4, 5]), // both top-1
			round(1, 2, [9, 2], [7, 8, 9, 10, 11]), // human top-5 only; model misses
			round(2, 3, [9], [3]), // human misses; model top-1
			round(3, 4, [4], [5, 6, 7, 8, 9], { assisted: true, humanMs: 99_000 }), // model misses; human not scored
			round(4, 5, [], [9, 5], { timedOut: true, humanMs: 30_000, humanTags: ['fine_grained'], modelTags: [] })
		];
		const s = scoreboard(rounds);
		expect(s.rounds).toBe(5);
		expect(s.assisted).toBe(1);
		expect(s.timedOut).toBe(1);
		expect(s.human.top5).toMatchObject({ errors: 2, n: 4, rate: 0.5 });
		expect(s.human.top1).toMatchObject({ errors: 3, n: 4 });
		expect(s.model.top5).toMatchObject({ errors: 2, n: 5, rate: 0.4 });
		expect(s.model.top1).toMatchObject({ errors: 3, n: 5 });
		expect(s.human.meanSeconds).toBeCloseTo((10 + 10 + 10 + 30) / 4);
		// paired (non-assisted): rounds 0,1,2,4: human wrong [F,F,T,T], model wrong [F,T,F,F]
		expect(s.top5.mcnemar).toMatchObject({ n: 4, onlyFirstWrong: 2, onlySecondWrong: 1 });
		expect(s.top5.mcnemar.p).toBeCloseTo(1, 10);
		expect(s.running.model).toEqual([0, 0.5, 1 / 3, 0.5, 0.4]);
		expect(s.running.human).toEqual([0, 0, 1 / 3, 1 / 3, 0.5]);
		expect(s.tags.human).toEqual({ fine_grained: 1 });
	});
	test('ReaL figures leave out rounds with an empty ReaL set', () => {
		const s = scoreboard([round(0, 1, [2], [2], { real: [1, 2] }), round(1, 3, [3], [3], { real: [] })]);
		expect(s.human.realTop1).toMatchObject({ errors: 0, n: 1 });
		expect(s.human.top1).toMatchObject({ errors: 1, n: 2 });
	});
});

describe('export and import', () => {
	const session = { id: 's1', player: 'Ada', config: DEFAULT_CONFIG, createdAt: '2026-11-25T10:00:00Z', source: 'local' as const };
	const rounds = [round(0, 1, [1, 2], [1, 3]), round(1, 5, [], [9, 5], { timedOut: true, modelTags: ['small_or_thin'] })];
	test('JSON and CSV exports read back every round', () => {
		for (const text of [toJson(session, rounds), toCsv(session, rounds)]) {
			const r = parseExport(text, 'f');
			expect(r.problems).toEqual([]);
			expect(r.sessions).toHaveLength(1);
			expect(r.sessions[0].session).toMatchObject({ id: 's1', player: 'Ada', source: 'import' });
			expect(r.sessions[0].rounds.map((x) => ({ ...x, model: x.model.map((m) => m.classIndex) }))).toEqual(
				rounds.map((x) => ({ ...x, model: x.model.map((m) => m.classIndex) }))
			);
		}
	});
	test('damaged files and records are reported, never guessed', () => {
		expect(parseExport('{"format": "conv', 'a.json').problems[0]).toMatch(/not valid JSON/);
		expect(parseExport('', 'b.json').problems[0]).toMatch(/empty/);
		expect(parseExport('x,y\n1,2', 'c.csv').problems[0]).toMatch(/missing columns/);
		const bad = JSON.parse(toJson(session, rounds));
		bad.rounds[1].human = ['cat'];
		const r = parseExport(JSON.stringify(bad), 'd.json');
		expect(r.sessions[0].rounds).toHaveLength(1);
		expect(r.problems).toEqual(["d.json round 2: bad person's guesses"]);
		expect(checkRound({ ...rounds[0], truth: 1000 })).toBe('bad true label');
	});
});

describe('mistakes by category', async () => {
	const { missesByCategory, missed, UNTAGGED } = await import('../../src/lib/arena/mistakes');
	test('misses are grouped by tag, untagged ones apart, assisted rounds not the person’s', () => {
		const rounds = [
			round(0, 1, [2], [2], { humanTags: ['fine_grained'], modelTags: ['small_or_thin', 'multiple_objects'] }),
			round(1, 3, [3], [4]),
			round(2, 5, [6], [5], { assisted: true, humanTags: [] }),
			round(3, 7, [8], [7])
		];
		expect(missed(rounds[2], 'human')).toBe(false);
		const human = missesByCategory(rounds, 'human');
		expect([...human.keys()].sort()).toEqual(['fine_grained', UNTAGGED]);
		expect(human.get(UNTAGGED)!.map((r) => r.index)).toEqual([3]);
		const model = missesByCategory(rounds, 'model');
		expect(model.get('small_or_thin')!.map((r) => r.index)).toEqual([0]);
		expect(model.get('multiple_objects')!.map((r) => r.index)).toEqual([0]);
		expect(model.get(UNTAGGED)!.map((r) => r.index)).toEqual([1]);
	});
});

describe('numbers beside their denominators; one mark for both lists on the reveal', async () => {
	const { percentOf } = await import('../../src/lib/arena/mistakes');
	const { guessMark } = await import('../../src/lib/arena/round');
	test('a count as its share of the misses, the study’s own share where it gives one', () => {
		expect(percentOf(12, 60)).toBe('20%');
		expect(percentOf(24, 102, 0.24)).toBe('24%');
		expect(percentOf(1, 3)).toBe('33%');
	});
	test('a ReaL class is marked on any list (the person’s or the model’s), the label itself as the truth', () => {
		const r = { truth: 5, real: [5, 9] };
		expect([5, 9, 7].map((i) => guessMark(i, r))).toEqual(['truth', 'real', null]);
	});
});
