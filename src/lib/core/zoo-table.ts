// The zoo's measured figures as Markdown (docs/zoo.md), made from models/measured.json so the tables in the docs
// are never pasted by hand and cannot drift from what the ladder reads. `npm run eval -- --write` rewrites it.
import { catalogue } from './catalogue';
import { IMAGE_SETS } from './datasets';
import type { MeasuredFile, MeasuredRow } from './measured';

const pct = (x: number) => (100 * x).toFixed(1);

function table(rows: MeasuredRow[]): string {
	const year = (id: string) => catalogue.models.find((m) => m.id === id)?.year ?? 0;
	const name = (id: string) => catalogue.models.find((m) => m.id === id)?.name ?? id;
	const sorted = [...rows].sort((a, b) => year(a.model) - year(b.model) || a.model.localeCompare(b.model));
	const lines = [
		'| model | year | n | top-1 % | top-5 % | ReaL top-1 % | ReaL top-5 % (n) | ms / image | measured |',
		'|---|---:|---:|---:|---:|---:|---:|---:|---|'
	];
	for (const r of sorted)
		lines.push(
			`| ${name(r.model)} (\`${r.model}\`) | ${year(r.model)} | ${r.n} | ${pct(r.top1)} | ${pct(r.top5)} | ${pct(r.real_top1)} | ${pct(r.real_top5)} (${r.real_n}) | ${Math.round(r.ms_per_image)} | ${r.date} |`
		);
	return lines.join('\n');
}

/** One section per image set and number of looks, in the order of IMAGE_SETS. */
export function zooMarkdown(file: MeasuredFile): string {
	const out = [
		'# The zoo, measured here',
		'',
		'Generated from `models/measured.json` by `npm run docs:zoo` (and by `npm run eval -- --write`); do not edit by hand.',
		'Each row: `npm run eval -- --model all --set static/data/<set> [--crops 10] --json --write`, the app\'s own',
		'classifier in Node (TF.js WASM, 2 cores, batch 16); ms / image is decode + classify on a shared machine, so only',
		'rough. ReaL figures leave out photos with an empty ReaL set. With ~120 photos one photo is ~0.8 points, so the 95%',
		'interval of a top-5 figure near 90% is about ±5 points.',
		''
	];
	const setOrder = (id: string) => {
		const i = IMAGE_SETS.findIndex((s) => s.id === id);
		return i < 0 ? IMAGE_SETS.length : i;
	};
	const groups = new Map<string, MeasuredRow[]>();
	for (const r of file.results) {
		const k = `${r.set}\u0000${r.crops}`;
		groups.set(k, [...(groups.get(k) ?? []), r]);
	}
	const keys = [...groups.keys()].sort((a, b) => {
		const [sa, ca] = a.split('\u0000'), [sb, cb] = b.split('\u0000');
		return setOrder(sa) - setOrder(sb) || sa.localeCompare(sb) || Number(ca) - Number(cb);
	});
	for (const k of keys) {
		const [set, crops] = k.split('\u0000');
		const info = IMAGE_SETS.find((s) => s.id === set);
		out.push(`## ${info?.name ?? set}, ${crops === '1' ? 'one look' : `${crops} looks`} (\`${set}\`)`, '', table(groups.get(k)!), '');
	}
	return out.join('\n');
}
