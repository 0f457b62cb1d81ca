// How often the class picker's first suggestion (and its first five) is what a person meant, over two query
// sets: the tuning set tests/picker-queries.json (the engine was tuned on it) and the held-out set
// tests/picker-heldout.json (written from the full-frame photos before the engine changed; never tuned on),
// and how long the search takes per keystroke.
// Usage: npm run picker:eval [-- --json] [-- --misses]
import { readFileSync } from 'node:fs';
import { loadClassesFromDisk } from '../src/lib/node/runtime';
import { evaluatePicker, readQueries } from '../src/lib/arena/picker-eval';

const json = process.argv.includes('--json');
const showMisses = process.argv.includes('--misses');
const classes = await loadClassesFromDisk();
const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
const sets = [
	{ name: 'tuning', file: 'tests/picker-queries.json' },
	{ name: 'held-out', file: 'tests/picker-heldout.json' }
];
const results = sets.map((s) => ({ ...s, r: evaluatePicker(classes, readQueries(readFileSync(s.file, 'utf8')), { timing: s.name === 'tuning' }) }));

for (const { name, file, r } of results) {
	console.log(`picker eval ${name.padEnd(8)}: top-1 ${pct(r.top1)} (${r.top1Hits}/${r.n}), top-5 ${pct(r.top5)} (${r.top5Hits}/${r.n})  [${file}]`);
}
for (const { name, r } of results) {
	console.log(`\n${name}: first suggestion weak (Enter asks first) on ${r.weakFirst} queries`);
	for (const [kind, k] of Object.entries(r.byKind)) console.log(`    ${kind.padEnd(26)} top-1 ${pct(k.top1 / k.n)}  top-5 ${pct(k.top5 / k.n)}  (n=${k.n})`);
	if (name === 'tuning') {
		console.log(`  index build: ${r.buildMs.toFixed(1)} ms`);
		console.log(
			`  per keystroke (each query typed letter by letter, ${r.keystrokes} keystrokes, median of 3 runs each): median ${r.keyMedianMs.toFixed(2)} ms, p95 ${r.keyP95Ms.toFixed(2)} ms, max ${r.keyMaxMs.toFixed(2)} ms`
		);
	}
	if (showMisses && r.misses.length) {
		console.log(`  misses (query -> first three suggestions; * = right but not first):`);
		for (const m of r.misses) console.log(`    ${m.top5Hit ? '*' : ' '} "${m.query}" -> ${m.first.join(' | ') || '(nothing)'}   wanted: ${m.wanted.join(', ')}`);
	}
}
if (json) console.log(JSON.stringify(Object.fromEntries(results.map(({ name, r }) => [name, { n: r.n, top1: r.top1, top5: r.top5, buildMs: r.buildMs, keyMedianMs: r.keyMedianMs, keyP95Ms: r.keyP95Ms }]))));
