// The scoreboard, computed from rounds alone: a live game, an imported class and a test fixture score alike.
import { humanHits, modelHits, type Round } from './round';
import { mcnemarExact, pooledZTest, wilsonInterval, type McNemarResult, type ZTestResult } from './stats';

export interface Rate {
	errors: number;
	n: number;
	rate: number;
	ci: [number, number];
}

export interface SideScore {
	top5: Rate;
	top1: Rate;
	realTop5: Rate;
	realTop1: Rate;
	meanSeconds: number | null;
}

export interface Comparison {
	/** Paired rounds (both sides answered, not assisted): McNemar's exact test. */
	mcnemar: McNemarResult & { n: number };
	/** As the 2014 study compared: pooled two-proportion z-test, one-sided (person better). */
	zTest: ZTestResult;
	/** Errors of each side over the same paired rounds. */
	paired: { humanWrong: number; modelWrong: number };
}

export interface Scoreboard {
	rounds: number;
	assisted: number;
	timedOut: number;
	human: SideScore;
	model: SideScore;
	top5: Comparison;
	realTop5: Comparison;
	/** Cumulative top-5 error after each round (the person's skips assisted rounds: null until a first scored one). */
	running: { human: (number | null)[]; model: number[] };
	/** Taxonomy tags on misses. */
	tags: { human: Record<string, number>; model: Record<string, number> };
}

function rate(outcomes: (boolean | null)[]): Rate {
	const scored = outcomes.filter((o): o is boolean => o !== null);
	const errors = scored.filter((hit) => !hit).length;
	const n = scored.length;
	return { errors, n, rate: n ? errors / n : 0, ci: wilsonInterval(errors, n) };
}

function side(rounds: Round[], hitsOf: typeof humanHits, seconds: number[] | null): SideScore {
	const h = rounds.map(hitsOf);
	return {
		top5: rate(h.map((x) => x.top5)),
		top1: rate(h.map((x) => x.top1)),
		realTop5: rate(h.map((x) => x.realTop5)),
		realTop1: rate(h.map((x) => x.realTop1)),
		meanSeconds: seconds && seconds.length ? seconds.reduce((a, b) => a + b, 0) / seconds.length : null
	};
}

function compare(human: Rate, model: Rate, humanWrong: boolean[], modelWrong: boolean[]): Comparison {
	return {
		mcnemar: { ...mcnemarExact(humanWrong, modelWrong), n: humanWrong.length },
		zTest: pooledZTest(human.errors, human.n, model.errors, model.n),
		paired: { humanWrong: humanWrong.filter(Boolean).length, modelWrong: modelWrong.filter(Boolean).length }
	};
}

function tally(lists: string[][]): Record<string, number> {
	const out: Record<string, number> = {};
	for (const tags of lists) for (const t of tags) out[t] = (out[t] ?? 0) + 1;
	return out;
}

export function scoreboard(rounds: Round[]): Scoreboard {
	const scored = rounds.filter((r) => !r.assisted);
	const human = side(scored, humanHits, scored.map((r) => r.humanMs / 1000));
	// The model's time per photo, where the rounds recorded it (older saved games did not).
	const modelSeconds = rounds.flatMap((r) => (typeof r.modelMs === 'number' ? [r.modelMs / 1000] : []));
	const model = side(rounds, modelHits, modelSeconds);

	const paired = scored.map((r) => ({ h: humanHits(r), m: modelHits(r) }));
	const pairedReal = paired.filter((p) => p.h.realTop5 !== null);

	let hErr = 0, hN = 0, mErr = 0;
	const running = { human: [] as (number | null)[], model: [] as number[] };
	rounds.forEach((r, i) => {
		mErr += +!modelHits(r).top5;
		running.model.push(mErr / (i + 1));
		if (!r.assisted) {
			hN++;
			hErr += +!humanHits(r).top5;
		}
		running.human.push(hN ? hErr / hN : null);
	});

	return {
		rounds: rounds.length,
		assisted: rounds.length - scored.length,
		timedOut: rounds.filter((r) => r.timedOut).length,
		human,
		model,
		top5: compare(human.top5, model.top5, paired.map((p) => !p.h.top5), paired.map((p) => !p.m.top5)),
		realTop5: compare(human.realTop5, model.realTop5, pairedReal.map((p) => !p.h.realTop5), pairedReal.map((p) => !p.m.realTop5)),
		running,
		tags: { human: tally(rounds.map((r) => r.humanTags)), model: tally(rounds.map((r) => r.modelTags)) }
	};
}

/** The game's hardest photo, for the result card: both sides missed it, else one did (the person first); ties go to the longest think. */
export function hardestRound(rounds: Round[]): Round | null {
	const weight = (r: Round) => {
		const h = !humanHits(r).top5 && !r.assisted;
		const m = !modelHits(r).top5;
		return (h && m ? 3 : h ? 2 : m ? 1 : 0) * 1e9 + r.humanMs;
	};
	let best: Round | null = null;
	for (const r of rounds) if (!best || weight(r) > weight(best)) best = r;
	return best;
}
