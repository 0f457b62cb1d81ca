import { describe, expect, test } from 'vitest';
import { biasByCategory, cueOf, decideCategory, parseCategories, parseCueConflict, tally } from '../../src/lib/lab/shapeTexture';
import { pickShuffled as pickRound, seededRandom } from '../../src/lib/core/random';

const cats = parseCategories({ categories: { cat: { class_indices: [1, 2] }, bear: { class_indices: [3] }, dog: { class_indices: [4, 5, 6, 7] } } });

describe('shape vs texture', () => {
	test('categories are sorted by name and empty ones refused', () => {
		expect(cats.map((c) => c.name)).toEqual(['bear', 'cat', 'dog']);
		expect(() => parseCategories('{"categories": {"x": {"class_indices": []}}}')).toThrow(/"x" has no class_indices/);
		expect(() => parseCategories('{}')).toThrow(/no "categories"/);
	});

	test('the decision averages each category\'s probabilities: many weak dog classes lose to one strong bear', () => {
		const p = new Float32Array(10);
		p[3] = 0.3; // bear: mean 0.3
		p[4] = p[5] = p[6] = p[7] = 0.15; // dog: sum 0.6 but mean 0.15
		p[1] = 0.1; // cat: mean 0.05
		const d = decideCategory(p, cats);
		expect(d.category).toBe('bear');
		expect(d.scores.map((s) => Math.round(s * 1000) / 1000)).toEqual([0.3, 0.05, 0.15]);
	});

	test('tally counts shape, texture and other; bias leaves "other" out', () => {
		const ds = [
			{ shape: 'cat', texture: 'dog', decision: 'cat' },
			{ shape: 'cat', texture: 'dog', decision: 'dog' },
			{ shape: 'bear', texture: 'dog', decision: 'dog' },
			{ shape: 'bear', texture: 'cat', decision: 'dog' }
		];
		expect(ds.map(cueOf)).toEqual(['shape', 'texture', 'texture', 'other']);
		expect(tally(ds)).toEqual({ n: 4, shape: 1, texture: 2, other: 1, shapeBias: 1 / 3 });
		expect(tally([]).shapeBias).toBeNull();
		expect(biasByCategory(ds, ['bear', 'cat']).map((b) => b.tally.shapeBias)).toEqual([0, 0.5]);
	});

	test('a seeded round repeats and has no duplicates', () => {
		const items = Array.from({ length: 50 }, (_, i) => i);
		const a = pickRound(items, 10, seededRandom(3)), b = pickRound(items, 10, seededRandom(3));
		expect(a).toEqual(b);
		expect(new Set(a).size).toBe(10);
		expect(items).toEqual(Array.from({ length: 50 }, (_, i) => i));
	});
});

import { rankOf, topIndices } from '../../src/lib/lab/ranking';
describe('ranking', () => {
	test('top indices and ranks on a hand-made vector', () => {
		const p = [0.1, 0.4, 0.05, 0.4, 0.05];
		expect(topIndices(p, 3)).toEqual([1, 3, 0]);
		expect(rankOf(p, 1)).toBe(1);
		expect(rankOf(p, 3)).toBe(1);
		expect(rankOf(p, 0)).toBe(3);
		expect(rankOf(p, 4)).toBe(4);
	});
});
