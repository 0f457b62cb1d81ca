// Seeded randomness, identical in every browser and in Node: seeded games, seeded noise, seeded rounds.

/** mulberry32: a tiny seeded PRNG. */
export function seededRandom(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/** The first k items of a Fisher-Yates shuffle driven by `random` (a seeded one gives the same pick everywhere). */
export function pickShuffled<T>(items: readonly T[], k: number, random: () => number): T[] {
	const a = items.slice();
	for (let i = a.length - 1; i > 0; i--) {
		const j = Math.floor(random() * (i + 1));
		[a[i], a[j]] = [a[j], a[i]];
	}
	return a.slice(0, Math.min(k, a.length));
}
