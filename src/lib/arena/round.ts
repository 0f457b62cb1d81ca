// A round: one image, the person's and the model's five guesses. The same object is stored, exported and scored.
import { hits } from '../core/accuracy';
import type { Round } from '../schema/records';

// The record types are inferred from their schemas (schema/records.ts), which check them on every read and write.
export type { ModelGuess, Round, Session } from '../schema/records';

export const humanHits = (r: Round) => hits(r.human, r.truth, r.real);
export const modelHits = (r: Round) => hits(r.model.map((m) => m.classIndex), r.truth, r.real);

/**
 * The mark beside one guess on the reveal, the same on the person's list and the model's: ✓ for the label,
 * "ReaL ✓" for another class the re-checked (ReaL) labels also accept, nothing for a miss.
 */
export function guessMark(classIndex: number, r: Pick<Round, 'truth' | 'real'>): 'truth' | 'real' | null {
	if (classIndex === r.truth) return 'truth';
	return r.real.includes(classIndex) ? 'real' : null;
}
