// How often the class picker's first suggestion (and its first five) is what a person meant, over the
// query set tests/picker-queries.json, and how long the search takes per keystroke.
// Usage: npm run picker:eval [-- --json]
import { readFileSync } from 'node:fs';
import { loadClassesFromDisk } from '../src/lib/node/runtime';
import { evaluatePicker, readQueries } from '../src/lib/arena/picker-eval';

const json = process.argv.includes('--json');
const classes = await loadClassesFromDisk();
const queries = readQueries(readFileSync('tests/picker-queries.json', 'utf8'));
const r = evaluatePicker(classes, queries);
const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

console.log(`picker eval: ${r.n} queries (tests/picker-queries.json)`);
console.log(`  first suggestion right:   ${pct(r.top1)} (${r.top1Hits}/${r.n})`);
console.log(`  a right one in first 5:   ${pct(r.top5)} (${r.top5Hits}/${r.n})`);
console.log(`  first suggestion weak (Enter asks first) on ${r.weakFirst} queries`);
for (const [kind, k] of Object.entries(r.byKind)) console.log(`    ${kind.padEnd(26)} top-1 ${pct(k.top1 / k.n)}  top-5 ${pct(k.top5 / k.n)}  (n=${k.n})`);
console.log(`  index build: ${r.buildMs.toFixed(1)} ms`);
console.log(
	`  per keystroke (each query typed letter by letter, ${r.keystrokes} keystrokes, median of 3 runs each): median ${r.keyMedianMs.toFixed(2)} ms, p95 ${r.keyP95Ms.toFixed(2)} ms, max ${r.keyMaxMs.toFixed(2)} ms`
);
if (r.misses.length) {
	console.log(`  misses (query -> first three suggestions; * = right but not first):`);
	for (const m of r.misses) console.log(`    ${m.top5Hit ? '*' : ' '} "${m.query}" -> ${m.first.join(' | ') || '(nothing)'}   wanted: ${m.wanted.join(', ')}`);
}
if (json) console.log(JSON.stringify({ n: r.n, top1: r.top1, top5: r.top5, buildMs: r.buildMs, keyMedianMs: r.keyMedianMs, keyP95Ms: r.keyP95Ms }));
