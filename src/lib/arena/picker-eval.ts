// The picker's relevance check: a query set written from what people call the things in ILSVRC photos,
// each with the classes that count as right (a class wnid, or a group wnid: any class under it).
import type { ImageNetClass } from '../core/classes';
import { buildSearch } from './picker';

export interface PickerQuery {
	query: string;
	kind: string;
	/** wnids of classes, or of groups (any class under the group is right). */
	right: string[];
	names?: string[];
}

export function readQueries(jsonText: string): PickerQuery[] {
	const data = JSON.parse(jsonText) as PickerQuery[];
	if (!Array.isArray(data) || data.some((q) => typeof q.query !== 'string' || !Array.isArray(q.right) || !q.right.length)) {
		throw new Error('picker queries: expected a JSON array of { query, kind, right: [wnid, ...] }');
	}
	return data;
}

export interface PickerEval {
	n: number;
	top1Hits: number;
	top5Hits: number;
	top1: number;
	top5: number;
	weakFirst: number;
	byKind: Record<string, { n: number; top1: number; top5: number }>;
	misses: { query: string; first: string[]; wanted: string[]; top5Hit: boolean }[];
	buildMs: number;
	keystrokes: number;
	keyMedianMs: number;
	keyP95Ms: number;
	keyMaxMs: number;
}

const quantile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];

/** With `timing: false` it skips the per-keystroke timing (seconds on a busy machine), for the unit test. */
export function evaluatePicker(classes: ImageNetClass[], queries: PickerQuery[], { timing = true } = {}): PickerEval {
	const t0 = performance.now();
	const search = buildSearch(classes);
	const buildMs = performance.now() - t0;
	const known = new Set([...classes.map((c) => c.wnid), ...classes.flatMap((c) => c.ancestors)]);
	for (const q of queries) for (const w of q.right) if (!known.has(w)) throw new Error(`picker queries: "${q.query}" names unknown wnid ${w}`);

	const isRight = (q: PickerQuery, i: number) => q.right.some((w) => classes[i].wnid === w || classes[i].ancestors.includes(w));
	const r: PickerEval = {
		n: queries.length, top1Hits: 0, top5Hits: 0, top1: 0, top5: 0, weakFirst: 0, byKind: {}, misses: [],
		buildMs, keystrokes: 0, keyMedianMs: 0, keyP95Ms: 0, keyMaxMs: 0
	};
	for (const q of queries) {
		const found = search.match(q.query, 40);
		const hit1 = found.length > 0 && isRight(q, found[0].index);
		const hit5 = found.slice(0, 5).some((m) => isRight(q, m.index));
		if (found[0]?.weak) r.weakFirst++;
		r.top1Hits += +hit1;
		r.top5Hits += +hit5;
		const k = (r.byKind[q.kind] ??= { n: 0, top1: 0, top5: 0 });
		k.n++;
		k.top1 += +hit1;
		k.top5 += +hit5;
		if (!hit1) {
			r.misses.push({
				query: q.query,
				first: found.slice(0, 3).map((m) => `${classes[m.index].simpleLabel} (${m.kind})`),
				wanted: q.names ?? q.right,
				top5Hit: hit5
			});
		}
	}
	r.top1 = r.top1Hits / r.n;
	r.top5 = r.top5Hits / r.n;
	if (!timing) return r;

	// Per keystroke: every prefix of every query, as the picker asks (40 results). One warm-up pass for the
	// JIT, then three timed passes; each keystroke's time is the median of its three (a shared machine's
	// scheduler noise is not the search's cost).
	const prefixes = queries.flatMap((q) => Array.from(q.query, (_, i) => q.query.slice(0, i + 1)));
	const runs = prefixes.map(() => [] as number[]);
	for (let rep = 0; rep < 4; rep++) {
		prefixes.forEach((p, k) => {
			const s = performance.now();
			search.match(p, 40);
			if (rep > 0) runs[k].push(performance.now() - s);
		});
	}
	const times = runs.map((r) => r.sort((a, b) => a - b)[1]);
	times.sort((a, b) => a - b);
	r.keystrokes = times.length;
	r.keyMedianMs = quantile(times, 0.5);
	r.keyP95Ms = quantile(times, 0.95);
	r.keyMaxMs = times[times.length - 1];
	return r;
}
