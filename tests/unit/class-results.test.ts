// The class results core (src/lib/arena/class-results.ts) and the CSV export's class names.
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { classResults, fooledClass, fooledModel, listNames, orderPhotos, pageOf, playerBoard, type ClassGame } from '../../src/lib/arena/class-results';
import type { Round, Session } from '../../src/lib/arena/round';
import { DEFAULT_CONFIG, type Mode } from '../../src/lib/arena/session';
import { mcnemarExact } from '../../src/lib/arena/stats';
import { CSV_NAME_COLUMNS, ImportCollector, parseExport, toCsv, toJson } from '../../src/lib/store/exchange';

const MOBILENET = 'tflite-mobilenet-v2-1.0-224';
const GOOGLENET = 'caffe-bvlc-googlenet';
const SET = 'ilsvrc2012_val_fullframe';

/** Photo k: truth 100 + k. */
function game(id: string, player: string, answers: { human: number[]; model?: number; k: number; assisted?: boolean }[], o: { model?: string; mode?: Mode; crops?: 1 | 10; source?: string; ms?: number } = {}): ClassGame {
	const model = o.model ?? MOBILENET;
	const mode = o.mode ?? 'challenge';
	const session: Session = { id, player, config: { ...DEFAULT_CONFIG, model, mode, crops: o.crops ?? 1, n: 20 }, createdAt: '2026-12-01T10:00:00Z', source: 'import' };
	const rounds: Round[] = answers.map((a) => ({
		sessionId: id, index: a.k, set: SET, image: `p${a.k}.jpg`, truth: 100 + a.k, real: [100 + a.k], human: a.human,
		model: [{ classIndex: a.model ?? 100 + a.k, probability: 0.8 }, { classIndex: 999, probability: 0.1 }],
		humanMs: o.ms ?? 2000, timedOut: false, assisted: a.assisted ?? false, humanTags: [], modelTags: [], mode, modelId: model, backend: 'wasm',
		answeredAt: '2026-12-01T10:01:00Z'
	}));
	return { id, session, rounds, source: o.source ?? `${id}.json` };
}

describe('class results: what is pooled and what is kept apart', () => {
	it('two players with two models: two sections, one row per player, each named by model and looks', () => {
		const r = classResults([
			game('a', 'Ada', [{ k: 0, human: [100] }, { k: 1, human: [5] }], { source: 'ada.json' }),
			game('b', 'Bo', [{ k: 0, human: [100] }], { model: GOOGLENET, crops: 10, source: 'bo.csv' })
		]);
		expect(r.games).toBe(2);
		expect(r.players).toBe(2);
		expect(r.sources).toEqual(['ada.json', 'bo.csv']);
		// The group with most answers first.
		expect(r.sections.map((s) => [s.modelName, s.crops, s.players.map((p) => p.player)])).toEqual([
			['MobileNet v2 1.0 / 224', 1, ['Ada']],
			['GoogLeNet (BVLC Caffe replication)', 10, ['Bo']]
		]);
		const mob = r.sections[0];
		expect(mob.board.rounds).toBe(2);
		expect(mob.board.human.top5.errors).toBe(1);
		expect(mob.players[0].sources).toEqual(['ada.json']);
	});

	it('a player who played twice is one row, games pooled (names compared trimmed and case folded)', () => {
		const r = classResults([
			game('a1', 'Ada', [{ k: 0, human: [100] }, { k: 1, human: [1] }], { source: 'monday.json' }),
			game('a2', ' ada ', [{ k: 2, human: [102] }], { source: 'tuesday.csv' }),
			game('b', 'Bo', [{ k: 0, human: [3] }], { source: 'monday.json' })
		]);
		expect(r.players).toBe(2);
		const [s] = r.sections;
		expect(s.players).toHaveLength(2);
		const ada = s.players[0];
		expect(ada.player).toBe('Ada');
		expect(ada.games.map((g) => g.id)).toEqual(['a1', 'a2']);
		expect(playerBoard(ada).rounds).toBe(3);
		expect(playerBoard(ada).human.top5.errors).toBe(1);
		expect(ada.sources).toEqual(['monday.json', 'tuesday.csv']);
		expect(r.sources).toEqual(['monday.json', 'tuesday.csv']);
	});

	it('challenge, team and practice games are counted apart, in that order; one looks number is not pooled with another', () => {
		const r = classResults([
			game('p', 'Ada', [{ k: 0, human: [100] }], { mode: 'practice' }),
			game('t', 'Ada', [{ k: 0, human: [100] }], { mode: 'team' }),
			game('c', 'Ada', [{ k: 0, human: [7] }]),
			game('c10', 'Ada', [{ k: 0, human: [7] }], { crops: 10 })
		]);
		expect(r.sections.map((s) => `${s.mode} ${s.crops}`)).toEqual(['challenge 1', 'challenge 10', 'team 1', 'practice 1']);
		expect(r.sections.map((s) => s.board.rounds)).toEqual([1, 1, 1, 1]);
		expect(r.players).toBe(1);
	});

	it('a model no longer in the catalogue keeps its id as its name', () => {
		const r = classResults([game('x', 'Ada', [{ k: 0, human: [100] }], { model: 'gone-net' })]);
		expect(r.sections[0].modelName).toBe('gone-net');
	});

	it('untimed answers (a live room) leave the mean time out instead of showing 0 s', () => {
		const [s] = classResults([game('a', 'Ada', [{ k: 0, human: [100] }], { ms: 0 })]).sections;
		expect(s.timed).toBe(false);
		expect(s.board.human.meanSeconds).toBeNull();
		expect(playerBoard(s.players[0]).human.meanSeconds).toBeNull();
		const [t] = classResults([game('a', 'Ada', [{ k: 0, human: [100] }], { ms: 3000 })]).sections;
		expect(t.board.human.meanSeconds).toBe(3);
	});
});

describe('class results: the per-photo table', () => {
	// Photo 0: Ada and Bo right, Cy wrong (guessed 7), the model right.
	// Photo 1: only Cy right; Ada and Bo both guessed 7 (Bo twice in her five does not count twice); the model wrong (guessed 8).
	// Photo 2: Ada assisted (not counted), Bo wrong: nobody counted right; the model right.
	const games = [
		game('a', 'Ada', [{ k: 0, human: [100] }, { k: 1, human: [7, 9] }, { k: 2, human: [102], assisted: true }]),
		game('b', 'Bo', [{ k: 0, human: [3, 100] }, { k: 1, human: [7, 8] }, { k: 2, human: [9] }]),
		game('c', 'Cy', [{ k: 0, human: [7] }, { k: 1, human: [101, 7], model: 8 }])
	];
	games[0].rounds[1].model[0].classIndex = 8;
	games[1].rounds[1].model[0].classIndex = 8;
	const [s] = classResults(games).sections;
	const photo = (k: number) => s.photos.find((p) => p.image === `p${k}.jpg`)!;

	it('counts, for each photo, the class right in their five and their most common guesses', () => {
		expect([0, 1, 2].map((k) => [photo(k).classRight, photo(k).answered])).toEqual([[2, 3], [1, 3], [0, 1]]);
		expect(photo(1).guesses).toEqual([[7, 3], [8, 1], [9, 1], [101, 1]]);
		expect(photo(1).truth).toBe(101);
		expect(photo(1).model.map((m) => m.classIndex)).toEqual([8, 999]);
		expect(photo(1).modelRight).toBe(0);
		expect(photo(0).modelRight).toBe(3);
		expect(photo(2).games).toBe(2);
	});

	it('names the photos that fooled the class and the model, and orders the table', () => {
		expect(s.photos.filter(fooledClass).map((p) => p.image).sort()).toEqual(['p1.jpg', 'p2.jpg']);
		expect(s.photos.filter(fooledModel).map((p) => p.image)).toEqual(['p1.jpg']);
		expect(orderPhotos(s.photos, 'class').map((p) => p.image)).toEqual(['p2.jpg', 'p1.jpg', 'p0.jpg']);
		expect(orderPhotos(s.photos, 'model').map((p) => p.image)).toEqual(['p1.jpg', 'p2.jpg', 'p0.jpg']);
		expect(orderPhotos(s.photos, 'shown').map((p) => p.image)).toEqual(['p0.jpg', 'p1.jpg', 'p2.jpg']);
	});

	it('pairs the class with the model photo by photo as well as answer by answer', () => {
		// By photo: class wrong on p1, p2; model wrong on p1 -> only the class wrong once.
		expect(s.byPhoto).toMatchObject({ n: 3, classWrong: 2, modelWrong: 1, ...mcnemarExact([false, true, true], [false, true, false]) });
		// By answer: 7 scored rounds (Ada's assisted one left out of the pairs).
		expect(s.board.top5.mcnemar.n).toBe(7);
	});

	it('one row per player, each paired with the model on the same photos', () => {
		const bo = s.players.find((p) => p.player === 'Bo')!;
		expect(playerBoard(bo).rounds).toBe(3);
		expect(playerBoard(bo).top5.mcnemar).toMatchObject({ onlyFirstWrong: 1, onlySecondWrong: 0 }); // p2: Bo wrong, model right; p1 both wrong
	});
});

describe('paging and naming', () => {
	it('pages a long list, clamping the page asked for', () => {
		const items = Array.from({ length: 15_000 }, (_, i) => i);
		const p = pageOf(items, 3, 50);
		expect(p).toMatchObject({ page: 3, pages: 300, from: 151, to: 200, total: 15_000 });
		expect(p.items).toHaveLength(50);
		expect(pageOf(items, 999, 50)).toMatchObject({ page: 299, from: 14_951, to: 15_000 });
		expect(pageOf([], 2, 50)).toMatchObject({ page: 0, pages: 1, from: 0, to: 0, items: [] });
	});

	it('names the sources, a long list shortened', () => {
		expect(listNames(['a.json', 'b.csv'])).toBe('a.json, b.csv');
		expect(listNames(['1', '2', '3', '4'], 2)).toBe('1, 2 and 2 more');
	});

	it('15,000 games group and score quickly (the page must not freeze)', () => {
		const many = Array.from({ length: 15_000 }, (_, i) => game(`g${i}`, `player ${i % 5000}`, [{ k: i % 20, human: [100 + (i % 20)] }, { k: (i + 1) % 20, human: [1] }]));
		const t = performance.now();
		const r = classResults(many);
		const ms = performance.now() - t;
		expect(r.sections[0].players).toHaveLength(5000);
		expect(r.sections[0].photos).toHaveLength(20);
		expect(ms).toBeLessThan(5000);
	});
});

describe('CSV exports carry class names beside the ids', () => {
	const g = game('s1', 'Ada', [{ k: 0, human: [7, 100] }, { k: 1, human: [] }]);
	const name = (i: number) => (i === 7 ? '=cmd' : `class ${i}`);

	it('writes a name column right after each id column', () => {
		const rows = Papa.parse<string[]>(toCsv(g.session, g.rounds, name)).data;
		const head = rows[0];
		for (const [ids, names] of Object.entries(CSV_NAME_COLUMNS)) expect(head.indexOf(names!)).toBe(head.indexOf(ids) + 1);
		const cell = (col: string, row = 1) => rows[row][head.indexOf(col)];
		expect(cell('truth')).toBe('100');
		expect(cell('truth_name')).toBe('class 100');
		expect(cell('human')).toBe('7 100');
		expect(cell('human_names')).toBe("'=cmd | class 100"); // a name that looks like a formula is escaped like any cell
		expect(cell('model_top5_names')).toBe('class 100 | class 999');
		expect(cell('real_names')).toBe('class 100');
		expect(cell('human_names', 2)).toBe('');
	});

	it('the importer reads the new CSV and the old one (without names) alike', () => {
		const withNames = parseExport(toCsv(g.session, g.rounds, name), 'new.csv');
		const without = parseExport(toCsv(g.session, g.rounds), 'old.csv');
		expect(withNames.problems).toEqual([]);
		expect(without.problems).toEqual([]);
		expect(withNames.sessions[0].rounds).toEqual(without.sessions[0].rounds);
		expect(withNames.sessions[0].rounds).toEqual(g.rounds);
	});

	it('an import names the files each game came from', () => {
		const c = new ImportCollector();
		c.add(toJson(g.session, g.rounds.slice(0, 1)), 'monday.json');
		c.add(toCsv(g.session, g.rounds.slice(1), name), 'tuesday.csv');
		const other = game('s2', 'Bo', [{ k: 0, human: [1] }]);
		c.add(toJson(other.session, other.rounds), 'bo.json');
		const r = c.result();
		expect(r.sessions.map((s) => [s.session.player, s.rounds.length, s.files])).toEqual([
			['Ada', 2, ['monday.json', 'tuesday.csv']],
			['Bo', 1, ['bo.json']]
		]);
	});
});
