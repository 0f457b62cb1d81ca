// Reading a probability vector: the best classes and where a given class stands.
import { topkRows } from '../core/topk';

/** Indices of the k largest values, largest first (ties: lower index first): the classifier's own top-k. */
export const topIndices = (probs: ArrayLike<number>, k: number): number[] => topkRows(probs, 1, k)[0];

/** 1-based rank of a class: 1 + the number of classes with a strictly larger probability. */
export function rankOf(probs: ArrayLike<number>, classIndex: number): number {
	const p = probs[classIndex];
	let rank = 1;
	for (let i = 0; i < probs.length; i++) if (probs[i] > p) rank++;
	return rank;
}
