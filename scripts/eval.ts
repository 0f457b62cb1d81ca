// npm run eval -- [--model <id>|<id,id>|all] --set <folder> [--crops 1|10] [--limit N] [--batch N] [--backend wasm|cpu] [--engine tfjs|litert|tfjs,litert] [--json] [--write]
// npm run eval -- --browser --set static/data/<set> [--model <id>] [--crops 1|10] [--limit N] [--backend wasm|webgl|webgpu|cpu] [--no-build]
// Runs the app's own classifier core in Node over any folder with a labels.csv and prints top-1 / top-5
// against the original labels and against ReaL labels, one row per model. It first copies from the data
// mirror what it needs (as `npm run assets` does), so it works as the first command after `npm install`.
// --write keeps the figures of a whole-set run in models/measured.json, which the app's opponent ladder reads.
// --engine litert runs the original quantized .tflite through LiteRT.js (WASM, in Node its compat build); with
// --engine tfjs,litert both run on the same crops and the top-5 agreement between the engines is printed, with
// every photo where they differ (ties at fifth place allowed: the uint8 softmax moves in 1/256 steps).
// --browser runs the app's own inference worker in headless Chromium instead (scripts/eval-browser.ts): each photo
// once cropped in JavaScript in the worker (what the app does) and once cropped by TF.js on the backend (the path
// before), and prints both rows and how often their top-5 agree.
import { basename, join, resolve, sep } from 'node:path';
import { readFile, writeFile } from 'node:fs/promises';
import { runCli, parseCliArgs, cliFail, intOption, buildApp } from '../src/lib/node/cli';
import { ASSET_ROOT, prepareAssets } from '../src/lib/node/assets';
import { catalogue, DEFAULT_MODEL_ID, getModel } from '../src/lib/core/catalogue';
import { CROP_CHOICES, type Crops } from '../src/lib/core/crops';
import { mergeMeasured, type MeasuredFile, type MeasuredRow } from '../src/lib/core/measured';
import { zooMarkdown } from '../src/lib/core/zoo-table';
import { BACKENDS, type BackendName } from '../src/lib/core/backend';
import { accuracy } from '../src/lib/core/accuracy';
import type { LabelledImage } from '../src/lib/core/labels';
import { ENGINES, engineAgreement, enginesFor, type EngineName, type Ranked } from '../src/lib/core/engines';

const TOOL = 'eval';
const args = parseCliArgs(TOOL, {
	model: { type: 'string', default: DEFAULT_MODEL_ID },
	set: { type: 'string' },
	crops: { type: 'string', default: '1' },
	limit: { type: 'string' },
	batch: { type: 'string', default: '16' },
	backend: { type: 'string', default: 'wasm' },
	json: { type: 'boolean', default: false },
	write: { type: 'boolean', default: false },
	browser: { type: 'boolean', default: false },
	engine: { type: 'string', default: 'tfjs' },
	'no-build': { type: 'boolean', default: false }
});
const MEASURED_FILE = resolve('models/measured.json');
const ZOO_DOC = resolve('docs/zoo.md');

runCli(TOOL, async () => {
	if (!args.set) cliFail(TOOL, '--set <folder> is required (a folder with labels.csv, e.g. static/data/ilsvrc2012_val_acuity1300)');
	const modelIds = args.model === 'all' ? catalogue.models.map((m) => m.id) : args.model!.split(',').filter(Boolean);
	const entries = modelIds.map((id) => getModel(id)); // an unknown id: one line that lists the known ones
	if (args.browser) {
		if (!(BACKENDS as readonly string[]).includes(args.backend!)) cliFail(TOOL, `--backend must be one of ${BACKENDS.join(', ')} (got "${args.backend}")`);
		if (entries.length !== 1) cliFail(TOOL, '--browser evaluates one model at a time');
		if (args.write) cliFail(TOOL, '--write keeps Node figures only (models/measured.json); leave out --browser');
	} else if (args.backend !== 'wasm' && args.backend !== 'cpu') cliFail(TOOL, `--backend must be wasm or cpu in Node (got "${args.backend}")`);
	const engines = args.engine!.split(',').filter(Boolean) as EngineName[];
	for (const e of engines) if (!(ENGINES as readonly string[]).includes(e)) cliFail(TOOL, `--engine must be ${ENGINES.join(', ')} or both, comma-separated (got "${e}")`);
	if (engines.includes('litert')) {
		const without = entries.filter((e) => !enginesFor(e).includes('litert')).map((e) => e.id);
		if (without.length) cliFail(TOOL, `LiteRT.js runs only models with a .tflite file (${catalogue.models.filter((m) => enginesFor(m).includes('litert')).map((m) => m.id).join(', ')}); not ${without.join(', ')}`);
		if (args.write) cliFail(TOOL, '--write keeps the TF.js figures the ladder shows: leave out --engine litert');
		if (args.browser) cliFail(TOOL, '--browser runs TF.js; LiteRT.js runs in Node here');
		if (args.backend !== 'wasm') cliFail(TOOL, 'LiteRT.js runs on WASM here: leave out --backend');
	}
	const crops = Number(args.crops) as Crops;
	if (!CROP_CHOICES.includes(crops)) cliFail(TOOL, `--crops must be 1 or 10 (got "${args.crops}")`);
	const limit = intOption(TOOL, 'limit', args.limit, Infinity);
	const batchSize = intOption(TOOL, 'batch', args.batch, 16);
	if (args.write && args.limit) cliFail(TOOL, '--write keeps whole-set figures only: leave out --limit');

	// A set inside the asset folder is copied from the mirror too (e.g. --set static/data/<id> on a fresh clone).
	const setPath = resolve(args.set);
	const dataRoot = join(ASSET_ROOT, 'data') + sep;
	const setInAssets = setPath.startsWith(dataRoot) ? [setPath.slice(dataRoot.length).split(sep)[0]] : [];
	await prepareAssets({ models: modelIds, sets: setInAssets });

	const { openLabelledFolder } = await import('../src/lib/node/files');
	const opened = await openLabelledFolder(args.set);
	const labels = opened.labels.slice(0, limit);
	const pct = (x: number) => (100 * x).toFixed(1).padStart(5);
	if (args.browser) return browserEval(entries[0].id, setInAssets[0], labels, crops, pct);

	// TF.js (and its WASM module) only now, after the arguments and files are known to be good.
	const { evaluateModel } = await import('../src/lib/node/evaluate');
	const { useNodeBackend, loadClassesFromDisk } = await import('../src/lib/node/runtime');
	const backend = await useNodeBackend(args.backend as 'wasm' | 'cpu');
	const classes = await loadClassesFromDisk();

	const rows: (MeasuredRow & { engine?: EngineName })[] = [];
	const agreements: Record<string, unknown>[] = [];
	for (const entry of entries) {
		const answers: Partial<Record<EngineName, Ranked[][]>> = {};
		for (const engine of engines) {
			// Ten answers kept where engines are compared: a class left out at a tied fifth place is then still found.
			const r = await evaluateModel({ entry, classes, labels, imageDir: opened.imageDir, crops, batchSize, engine, k: engines.length > 1 ? 10 : 5 });
			answers[engine] = r.answers;
			const row: MeasuredRow & { engine?: EngineName } = {
				model: entry.id,
				set: basename(opened.setDir),
				crops,
				backend,
				...r.report,
				unreadable: r.unreadable.length,
				ms_per_image: Number(r.msPerImage.toFixed(2)),
				load_ms: Math.round(r.loadMs),
				tensors_leaked: r.leaked,
				date: new Date().toISOString().slice(0, 10),
				...(args.engine !== 'tfjs' ? { engine } : {})
			};
			rows.push(row);
			console.log(`\nmodel   ${entry.id} (${entry.name}, ${entry.year}), ${engine === 'litert' ? `LiteRT.js on wasm (${entry.files.tflite})` : `TF.js, backend ${backend}`}, ${crops === 1 ? 'centre crop' : '10 crops (4 corners + centre, each mirrored), probabilities averaged'}`);
			console.log(`set     ${opened.setDir} (${labels.length} images${r.unreadable.length ? `, ${r.unreadable.length} unreadable, counted as wrong` : ''})`);
			for (const u of r.unreadable.slice(0, 10)) console.log(`        unreadable: ${u}`);
			console.log(`labels  top-1 ${pct(row.top1)}%  top-5 ${pct(row.top5)}%  (n = ${row.n})`);
			console.log(`ReaL    top-1 ${pct(row.real_top1)}%  top-5 ${pct(row.real_top5)}%  (n = ${row.real_n}, empty ReaL sets left out)`);
			console.log(`time    load ${row.load_ms} ms, ${row.ms_per_image.toFixed(1)} ms per image (decode + classify, batch ${batchSize}); tensors leaked: ${r.leaked}`);
		}
		if (answers.tfjs && answers.litert) {
			const a = engineAgreement(answers.tfjs, answers.litert);
			const share = (x: number) => `${x} of ${a.n} (${pct(x / a.n).trim()}%)`;
			console.log(`\nagreement TF.js vs LiteRT.js on ${entry.id}: same top-1 on ${share(a.top1)}, same five on ${share(a.top5_set)}, same five with ties at fifth place allowed on ${share(a.top5_ties)}`);
			const name = (c: number) => `${c} ${classes[c].simpleLabel}`;
			const list = (xs: Ranked[]) => xs.slice(0, 5).map((p) => `${name(p.classIndex)} ${(100 * p.probability).toFixed(1)}`).join(', ');
			for (const i of a.differences) {
				console.log(`  ${labels[i].filename} (true ${name(labels[i].classIndex)})\n    TF.js     ${list(answers.tfjs[i])}\n    LiteRT.js ${list(answers.litert[i])}`);
			}
			agreements.push({ model: entry.id, ...a, differences: a.differences.map((i) => labels[i].filename) });
		}
	}
	if (rows.length > 1) {
		console.log(`\n| model | year | top-1 % | top-5 % | ReaL top-1 % | ReaL top-5 % | ms / image |\n|---|---|---:|---:|---:|---:|---:|`);
		for (const r of rows) {
			const year = getModel(r.model).year;
			console.log(`| \`${r.model}\`${r.engine ? ` (${r.engine})` : ''} | ${year} | ${pct(r.top1).trim()} | ${pct(r.top5).trim()} | ${pct(r.real_top1).trim()} | ${pct(r.real_top5).trim()} | ${r.ms_per_image.toFixed(0)} |`);
		}
	}
	if (args.write) {
		const old = JSON.parse(await readFile(MEASURED_FILE, 'utf8').catch(() => '{"results":[]}')) as MeasuredFile;
		const merged = mergeMeasured(old, rows);
		await writeFile(MEASURED_FILE, JSON.stringify(merged, null, '\t') + '\n');
		await writeFile(ZOO_DOC, zooMarkdown(merged));
		console.log(`\nwrote   ${rows.length} row(s) into ${MEASURED_FILE}, and ${ZOO_DOC} from it`);
	}
	if (args.json) {
		const out = args.model === 'all' || rows.length > 1 ? rows : rows[0];
		console.log(JSON.stringify(agreements.length ? { rows, agreement: agreements } : out));
	}
});

/** --browser: both preprocessing paths in the app's worker in Chromium, their accuracy and their agreement. */
async function browserEval(modelId: string, setId: string | undefined, labels: LabelledImage[], crops: Crops, pct: (x: number) => string) {
	if (!setId) cliFail(TOOL, `--browser needs a set the app serves: --set ${join(ASSET_ROOT, 'data', '<set>')}`);
	if (!args['no-build']) buildApp(TOOL);
	const { evalInBrowser, PREPROCESSINGS } = await import('./eval-browser');
	const r = await evalInBrowser({
		setId, labels, modelId, crops, backend: args.backend as BackendName,
		onProgress: (done, total) => process.stderr.write(`\r  ${done} of ${total} photos`)
	});
	process.stderr.write('\n');
	console.log(`\nmodel   ${modelId}, Chromium ${r.browserVersion} (headless), backend ${r.backend}, ${crops === 1 ? 'centre crop' : '10 crops'}, the app's inference worker`);
	console.log(`set     ${setId} (${labels.length} images)`);
	const rows: Record<string, unknown>[] = [];
	for (const p of PREPROCESSINGS) {
		const a = accuracy(r.top5[p], labels);
		const what = p === 'js' ? 'crop in JS (the app)' : 'crop on the backend (before)';
		console.log(`${what.padEnd(24)} top-1 ${pct(a.top1)}%  top-5 ${pct(a.top5)}%  ReaL top-1 ${pct(a.real_top1)}%  top-5 ${pct(a.real_top5)}%  median ${r.medianMs[p].toFixed(1)} ms in the worker`);
		rows.push({ preprocessing: p, ...a, median_ms: r.medianMs[p] });
	}
	const n = labels.length;
	const same = (f: (a: number[], b: number[]) => boolean) => r.top5.js.filter((d, i) => f(d, r.top5.backend[i])).length;
	const agree = {
		top1: same((a, b) => a[0] === b[0]),
		top5_set: same((a, b) => a.length === b.length && a.every((x) => b.includes(x))),
		top5_ordered: same((a, b) => a.every((x, j) => x === b[j]))
	};
	console.log(`agreement of the two paths: same top-1 on ${pct(agree.top1 / n)}%, same five (any order) on ${pct(agree.top5_set / n)}%, same five in the same order on ${pct(agree.top5_ordered / n)}% of ${n} photos`);
	if (args.json) console.log(JSON.stringify({ model: modelId, set: setId, crops, backend: r.backend, rows, agreement: { n, ...agree } }));
}
