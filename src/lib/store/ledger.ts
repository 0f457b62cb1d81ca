// The store's half of the round ledger: a saved round is never silently overwritten. The game rules (which
// positions are answered, what counts as the same answer) are in arena/ledger.ts.
import type { Round } from '../arena/round';
import { sameAnswer } from '../arena/ledger';

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

/** Thrown by Store.putRound when the game's own record is not in the store (deleted in another tab): no orphan round is written. */
export class GameGoneError extends Error {
	readonly name = 'GameGoneError';
	constructor(readonly sessionId: string) {
		super('This game is no longer saved in this browser (deleted in another tab?): this answer is kept in this tab only');
	}
}
