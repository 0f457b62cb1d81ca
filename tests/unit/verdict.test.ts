// The verdict sentence and the 2014 yardstick, on hand-made rounds.
import { describe, expect, test } from 'vitest';
import type { Round } from '../../src/lib/arena/round';
import { hardestRound, scoreboard } from '../../src/lib/arena/scoring';
import { photosToTell } from '../../src/lib/arena/stats';
import { verdict, yardstick2014 } from '../../src/lib/arena/verdict';
import type { IlsvrcReference } from '../../src/lib/arena/reference';
import { categoriesFor } from '../../src/lib/arena/reference';

/** A round where each side is right (true class first) or wrong (class 999 only). */
function round(i: number, humanRight: boolean, modelRight: boolean, assisted = false): Round {
	return {
		sessionId: 's', index: i, set: 'x', image: `${i}.jpg`, truth: 1, real: [1], human: [humanRight ? 1 : 999],
		model: [{ classIndex: modelRight ? 1 : 999, probability: 0.9 }], humanMs: 1000, timedOut: false, assisted,
		humanTags: [], modelTags: [], mode: 'challenge', modelId: 'm', backend: 'wasm', answeredAt: ''
	};
}
const game = (spec: string) => [...spec].map((c, i) => round(i, c === 'H' || c === 'B', c === 'M' || c === 'B'));

describe('verdict', () => {
	test('who is ahead, by how many photos, and too few photos to tell', () => {
		// H = only the person right, M = only the model right, B = both right, N = neither.
		const v = verdict(scoreboard(game('HHMBN')), 'You', 'GoogLeNet');
		expect(v.lead).toBe(1);
		expect(v.sentence).toBe('You are ahead by 1 photo: too few photos to tell yet.');
		expect(v.counts).toBe('Photos missed (top-5) out of 5: you 2, GoogLeNet 3.');
		expect(verdict(scoreboard(game('MMBN')), 'You', 'GoogLeNet').sentence).toBe('GoogLeNet is ahead by 2 photos: too few photos to tell yet.');
		expect(verdict(scoreboard(game('HMB')), 'You', 'GoogLeNet').sentence).toBe('Level: no difference so far.');
		// The final word says how far from telling it was: 1-1 needs 1 vs 7 (p = 0.070), 1 vs 8 (p = 0.039).
		expect(verdict(scoreboard(game('HMB')), 'You', 'GoogLeNet', true).sentence).toBe(
			'A draw on 3 photos: you would need about 7 more right (that GoogLeNet misses) to tell who is better.'
		);
		expect(verdict(scoreboard(game('MMBN')), 'You', 'GoogLeNet', true).sentence).toBe(
			'GoogLeNet beat you by 2 photos of 4, too few to be sure: GoogLeNet would need about 4 more right (that you miss) to tell who is better.'
		);
	});

	test('the paired test can tell once the lead is large enough (McNemar p < 0.05 needs 6 of 6 discordant)', () => {
		const five = verdict(scoreboard(game('HHHHHB')), 'You', 'M');
		expect(five.decided).toBe(false); // 5 of 5: p = 0.0625
		const six = verdict(scoreboard(game('HHHHHHB')), 'You', 'M', true);
		expect(six.decided).toBe(true); // p = 0.03125
		expect(six.sentence).toBe('You beat M by 6 photos: unlikely to be luck (p = 0.031).');
		expect(verdict(scoreboard(game('MMMMMMN')), 'Human+machine', 'M', true).sentence).toBe('M beat Human+machine by 6 photos: unlikely to be luck (p = 0.031).');
	});

	test('assisted rounds are left out of the comparison', () => {
		const rounds = [round(0, true, false, true), round(1, false, true, true)];
		const v = verdict(scoreboard(rounds), 'You', 'M');
		expect(v.sentence).toContain("No photo counts for you yet");
		const mixed = verdict(scoreboard([...rounds, round(2, true, false)]), 'You', 'M');
		expect(mixed.counts).toBe('Photos missed (top-5) out of 1: you 0, M 1.');
	});

	test('the 2014 yardstick names the study figures', () => {
		const ref = {
			winners: [],
			human_2014: { trained_annotator: { images: 1500, top5_error: 0.051, errors_approx: 76 }, googlenet_same_images: { images: 1500, top5_error: 0.068, errors_approx: 102 }, test: '' },
			error_taxonomy_2014: { note: '', categories: [] }
		} as IlsvrcReference;
		expect(yardstick2014(scoreboard(game('HHMB')), ref, 'You', 'GoogLeNet')).toBe(
			'In 2014 the trained person missed 5.1% and GoogLeNet 6.8% of 1,500 photos (top-5); here you miss 25.0% and GoogLeNet 50.0%.'
		);
	});
});

describe('tag categories per side', () => {
	test("the model is not offered the person's categories, nor the person the model's alone", () => {
		const ref = {
			error_taxonomy_2014: {
				categories: [
					{ id: 'multiple_objects', label: '', model: 24, human: 12 },
					{ id: 'wrong_ground_truth', label: '', model: null, human: null },
					{ id: 'class_unawareness', label: '', model: null, human: 18 },
					{ id: 'insufficient_examples', label: '', model: null, human: 4 },
					{ id: 'small_or_thin', label: '', model: 22, human: 0 }
				]
			}
		} as unknown as IlsvrcReference;
		expect(categoriesFor(ref, 'model').map((c) => c.id)).toEqual(['multiple_objects', 'wrong_ground_truth', 'small_or_thin']);
		expect(categoriesFor(ref, 'human').map((c) => c.id)).toEqual(['multiple_objects', 'wrong_ground_truth', 'class_unawareness', 'insufficient_examples', 'small_or_thin']);
	});
});

describe('the end of a game', () => {
	test('photosToTell: how many more one-sided photos the paired test needs (p < 0.05)', () => {
		expect(photosToTell(0, 0)).toBe(6); // 0 vs 6: p = 0.031
		expect(photosToTell(0, 6)).toBe(0);
		expect(photosToTell(1, 1)).toBe(7); // 1 vs 8: p = 0.039
		expect(photosToTell(3, 1)).toBe(5); // the leader's 3 to 8 against 1: p = 0.039
	});
	test('the hardest photo: both missed beats one missed; the longest think breaks a tie', () => {
		const rounds = game('HMNBN');
		rounds[4].humanMs = 5000;
		expect(hardestRound(rounds)?.index).toBe(4);
		expect(hardestRound(game('BBM'))?.index).toBe(2); // only the person missed
		expect(hardestRound([])).toBeNull();
	});
});
