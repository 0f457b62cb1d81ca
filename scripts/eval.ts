// npm run eval -- [--model <id>] --set <folder> [--limit N] [--batch N] [--backend wasm|cpu] [--json]
// Runs the app's own classifier core in Node over any folder with a labels.csv and prints top-1 / top-5
// against the original labels and against ReaL labels.
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import * as tf from '@tensorflow/tfjs';
import { DEFAULT_MODEL_ID, getModel } from '../src/lib/core/catalogue';
import { accuracy } from '../src/lib/core/accuracy';
import { decodeImageFile, openLabelledFolder } from '../src/lib/node/files';
import { loadClassesFromDisk, loadClassifierFromDisk, useNodeBackend } from '../src/lib/node/runtime';

const { values: args } = parseArgs({
	options: {
		model: { type: 'string', default: DEFAULT_MODEL_ID },
		set: { type: 'string' },
		limit: { type: 'string' },
		batch: { type: 'string', default: '16' },
		backend: { type: 'string', default: 'wasm' },
		json: { type: 'boolean', default: false }
	}
});

function fail(msg: string): never {
	console.error(`eval: ${msg}`);
	process.exit(2);
}

if (!args.set) fail('--set <folder> is required (a folder with labels.csv, e.g. ../shared/datasets/ilsvrc2012_val_acuity1300)');
const opened = await openLabelledFolder(args.set).catch((e: Error) => fail(e.message));
const { setDir, imageDir } = opened;
const entry = (() => {
	try {
		return getModel(args.model!);
	} catch (e) {
		fail((e as Error).message);
	}
})();
if (args.backend !== 'wasm' && args.backend !== 'cpu') fail('--backend must be wasm or cpu in Node');

let labels = opened.labels;
if (args.limit) labels = labels.slice(0, Number(args.limit));
const batchSize = Math.max(1, Number(args.batch));

const backend = await useNodeBackend(args.backend as 'wasm' | 'cpu');
const classes = await loadClassesFromDisk();
const t0 = performance.now();
const classifier = await loadClassifierFromDisk(entry.id, classes);
const loadMs = performance.now() - t0;
const tensorsBefore = tf.memory().numTensors;

const bar = new cliProgress.SingleBar(
	{ format: `${entry.id} [{bar}] {value}/{total} images | {eta_formatted} left`, stream: process.stderr, noTTYOutput: true, notTTYSchedule: 5000 },
	cliProgress.Presets.shades_classic
);
bar.start(labels.length, 0);
const guesses: number[][] = [];
const unreadable: string[] = [];
const t1 = performance.now();
for (let i = 0; i < labels.length; i += batchSize) {
	const chunk = labels.slice(i, i + batchSize);
	const pixels: (tf.Tensor3D | null)[] = await Promise.all(
		chunk.map((l) =>
			decodeImageFile(join(imageDir, l.filename)).catch((e) => {
				unreadable.push(`${l.filename}: ${(e as Error).message}`);
				return null;
			})
		)
	);
	const ok = pixels.filter((p): p is tf.Tensor3D => p !== null);
	const answers = ok.length ? await classifier.classifyBatch(ok, 5) : [];
	let a = 0;
	for (const p of pixels) guesses.push(p ? answers[a++].map((x) => x.classIndex) : []);
	tf.dispose(ok);
	bar.increment(chunk.length);
}
bar.stop();
const runMs = performance.now() - t1;
const leaked = tf.memory().numTensors - tensorsBefore;
classifier.dispose();

const report = accuracy(guesses, labels);
const pct = (x: number) => (100 * x).toFixed(1).padStart(5);
console.log(`\nmodel   ${entry.id} (${entry.name}), backend ${backend}`);
console.log(`set     ${setDir} (${labels.length} images${unreadable.length ? `, ${unreadable.length} unreadable, counted as wrong` : ''})`);
for (const u of unreadable.slice(0, 10)) console.log(`        unreadable: ${u}`);
console.log(`labels  top-1 ${pct(report.top1)}%  top-5 ${pct(report.top5)}%  (n = ${report.n})`);
console.log(`ReaL    top-1 ${pct(report.real_top1)}%  top-5 ${pct(report.real_top5)}%  (n = ${report.real_n}, empty ReaL sets left out)`);
console.log(`time    load ${loadMs.toFixed(0)} ms, ${(runMs / Math.max(1, labels.length)).toFixed(1)} ms per image (decode + classify, batch ${batchSize}); tensors leaked: ${leaked}`);
if (args.json) {
	console.log(
		JSON.stringify({
			model: entry.id,
			set: setDir,
			backend,
			...report,
			unreadable: unreadable.length,
			ms_per_image: Number((runMs / Math.max(1, labels.length)).toFixed(2)),
			tensors_leaked: leaked
		})
	);
}
