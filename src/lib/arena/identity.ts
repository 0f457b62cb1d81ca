// Keys for lists, made from what a record is (its identity), never from its position or from a field that may
// repeat: a list keyed this way cannot throw Svelte's each_key_duplicate, whatever a damaged store or an import
// holds. Where two records claim one identity, the first is kept and the others are counted, never shown twice.
import type { Round } from '../schema/records';
import { sameAnswer } from './ledger';

/** A round is its game and its position in that game. */
export const roundKey = (r: Pick<Round, 'sessionId' | 'index'>) => `${r.sessionId}\u0000${r.index}`;

/** The first item of each key, in order, and the items that repeated a key already met. */
export function uniqueBy<T>(items: Iterable<T>, key: (t: T) => string): { kept: T[]; repeated: T[] } {
	const seen = new Set<string>();
	const kept: T[] = [];
	const repeated: T[] = [];
	for (const t of items) {
		const k = key(t);
		if (seen.has(k)) repeated.push(t);
		else {
			seen.add(k);
			kept.push(t);
		}
	}
	return { kept, repeated };
}

/**
 * The rounds of one or more games, one per (game, position), sorted by position: a repeat with the same answer
 * is dropped quietly (the same round stored twice), one with a different answer is reported (the first kept).
 */
export function dedupeRounds(rounds: Iterable<Round>): { rounds: Round[]; conflicting: Round[] } {
	const { kept, repeated } = uniqueBy(rounds, roundKey);
	const first = new Map(kept.map((r) => [roundKey(r), r]));
	return {
		rounds: kept.sort((a, b) => (a.sessionId === b.sessionId ? a.index - b.index : a.sessionId < b.sessionId ? -1 : 1)),
		conflicting: repeated.filter((r) => !sameAnswer(first.get(roundKey(r))!, r))
	};
}

/** Messages shown as a list: each once, a repeat counted ("(2 times)"), so the list has unique keys. */
export function uniqueMessages(messages: Iterable<string>): string[] {
	const counts = new Map<string, number>();
	for (const m of messages) counts.set(m, (counts.get(m) ?? 0) + 1);
	return [...counts].map(([m, n]) => (n > 1 ? `${m} (${n} times)` : m));
}
