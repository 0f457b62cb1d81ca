// The saved rounds of one game as a ledger: one round per position, never silently overwritten, and resume
// goes to the first position without an answer (not to "how many rounds are saved", which a gap breaks).
import type { Round } from '../arena/round';

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

/** Thrown by Store.putRound when a position already holds a different answer (e.g. a second tab, or a resume bug). */
export class RoundConflictError extends Error {
	readonly name = 'RoundConflictError';
	constructor(
		readonly sessionId: string,
		readonly index: number
	) {
		super(`Round ${index + 1} of this game is already saved with a different answer; the saved one is kept.`);
	}
}

/** Throws RoundConflictError when `incoming` would overwrite `existing` with a different answer. */
export function checkOverwrite(existing: Round | undefined, incoming: Round): void {
	if (existing && !sameAnswer(existing, incoming)) throw new RoundConflictError(incoming.sessionId, incoming.index);
}
