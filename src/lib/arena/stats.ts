// Statistics for the scoreboard: confidence intervals and the two tests the 2014 study and a paired game need.
import { binomialDistribution, errorFunction } from 'simple-statistics';

const Z95 = 1.959963984540054;

/** Standard normal CDF. */
export function normalCdf(z: number): number {
	return 0.5 * (1 + errorFunction(z / Math.SQRT2));
}

/** Wilson score 95% interval for a proportion k/n (better than the normal interval at small n or near 0). */
export function wilsonInterval(k: number, n: number, z = Z95): [number, number] {
	if (n === 0) return [0, 1];
	const p = k / n;
	const z2 = z * z;
	const denom = 1 + z2 / n;
	const centre = (p + z2 / (2 * n)) / denom;
	const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denom;
	return [Math.max(0, centre - half), Math.min(1, centre + half)];
}

export interface McNemarResult {
	/** Rounds only the first side got wrong. */
	onlyFirstWrong: number;
	/** Rounds only the second side got wrong. */
	onlySecondWrong: number;
	/** Exact two-sided p-value: binomial test of the discordant pairs against 1/2. */
	p: number;
}

/** McNemar's exact test on paired outcomes (true = error). */
export function mcnemarExact(firstWrong: boolean[], secondWrong: boolean[]): McNemarResult {
	if (firstWrong.length !== secondWrong.length) throw new Error('paired outcomes must have equal length');
	let b = 0, c = 0;
	firstWrong.forEach((w, i) => {
		if (w && !secondWrong[i]) b++;
		else if (!w && secondWrong[i]) c++;
	});
	const n = b + c;
	if (n === 0) return { onlyFirstWrong: b, onlySecondWrong: c, p: 1 };
	const pmf = binomialDistribution(n, 0.5) as number[];
	let tail = 0;
	for (let k = 0; k <= Math.min(b, c); k++) tail += pmf[k] ?? 0;
	return { onlyFirstWrong: b, onlySecondWrong: c, p: Math.min(1, 2 * tail) };
}

/** Exact two-sided McNemar p from the two discordant counts. */
export function mcnemarP(b: number, c: number): number {
	const n = b + c;
	if (n === 0) return 1;
	const pmf = binomialDistribution(n, 0.5) as number[];
	let tail = 0;
	for (let k = 0; k <= Math.min(b, c); k++) tail += pmf[k] ?? 0;
	return Math.min(1, 2 * tail);
}

/**
 * How many more photos one side would need to get right that the other misses (the leader, or either side in a
 * draw) before the paired test tells them apart (p < alpha): the honest size of "too few photos to tell".
 */
export function photosToTell(b: number, c: number, alpha = 0.05): number {
	const [lo, hi] = b <= c ? [b, c] : [c, b];
	let k = 0;
	while (mcnemarP(lo, hi + k) >= alpha && k < 10_000) k++;
	return k;
}

export interface ZTestResult {
	z: number;
	/** One-sided p for "the first error rate is lower than the second". */
	p: number;
}

/**
 * Pooled two-proportion z-test, one-sided, as the 2014 study used it
 * (76 / 1500 human vs 102 / 1500 GoogLeNet errors: z = 2.01, p = 0.022).
 */
export function pooledZTest(errorsA: number, nA: number, errorsB: number, nB: number): ZTestResult {
	if (nA === 0 || nB === 0) return { z: 0, p: 1 };
	const pooled = (errorsA + errorsB) / (nA + nB);
	const se = Math.sqrt(pooled * (1 - pooled) * (1 / nA + 1 / nB));
	if (se === 0) return { z: 0, p: 1 };
	const z = (errorsB / nB - errorsA / nA) / se;
	return { z, p: 1 - normalCdf(z) };
}
