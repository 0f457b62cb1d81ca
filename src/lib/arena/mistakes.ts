// Misses from stored rounds, grouped by the 2014 error-taxonomy tag given to them.
import { humanHits, modelHits, type Round } from './round';

export type Side = 'human' | 'model';
export const UNTAGGED = 'untagged';

/** Did this side miss (top-5) in this round? Assisted rounds do not count as the person's. */
export function missed(r: Round, side: Side): boolean {
	if (side === 'human') return !r.assisted && !humanHits(r).top5;
	return !modelHits(r).top5;
}

/** Misses of one side, by category id (UNTAGGED for misses nobody tagged). */
export function missesByCategory(rounds: Round[], side: Side): Map<string, Round[]> {
	const out = new Map<string, Round[]>();
	for (const r of rounds) {
		if (!missed(r, side)) continue;
		const tags = side === 'human' ? r.humanTags : r.modelTags;
		for (const t of tags.length ? tags : [UNTAGGED]) out.set(t, [...(out.get(t) ?? []), r]);
	}
	return out;
}

/** "20%": a count's share of its denominator (or a share given by the source, as the 2014 study's own). */
export const percentOf = (count: number, of: number, share?: number) => `${Math.round(100 * (share ?? count / of))}%`;
