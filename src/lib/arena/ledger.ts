// The saved rounds of one game as a ledger (game rules): one round per position, and resume goes to the first
// position without an answer (not to "how many rounds are saved", which a gap breaks). How the store refuses
// an overwrite is in store/ledger.ts.
import type { Round } from './round';

/** The first position in 0..n-1 with no saved round; n when every position has one. */
export function firstUnanswered(rounds: readonly Pick<Round, 'index'>[], n: number): number {
	const answered = new Set(rounds.map((r) => r.index));
	for (let i = 0; i < n; i++) if (!answered.has(i)) return i;
	return n;
}

/** Positions in 0..n-1 with no saved round (the gaps a resume fills). */
export function unanswered(rounds: readonly Pick<Round, 'index'>[], n: number): number[] {
	const answered = new Set(rounds.map((r) => r.index));
	return Array.from({ length: n }, (_, i) => i).filter((i) => !answered.has(i));
}

/** What a person answered in a round: a saved round may get new tags, never a different answer. */
const answerOf = (r: Round) => JSON.stringify([r.image, r.truth, r.human, r.timedOut, r.assisted, r.model.map((m) => m.classIndex)]);

export const sameAnswer = (a: Round, b: Round) => a.sessionId === b.sessionId && a.index === b.index && answerOf(a) === answerOf(b);
