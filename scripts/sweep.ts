// npm run sweep -- --transform <id> --strengths a,b,c --set <folder> [--model id[,id]] [--limit N] [--batch N] [--backend wasm|cpu] [--csv file]
// One lab transform at several strengths over a labelled image folder, with the app's own transform and classifier
// code (src/lib/lab, src/lib/core) in Node. Prints strength, top-1, top-5 per model. It first copies from the
// data mirror what it needs (as `npm run assets` does), so it works as the first command after `npm install`.
import { writeFile } from 'node:fs/promises';
import { join, resolve, sep } from 'node:path';
import { runCli, parseCliArgs, cliFail, intOption } from '../src/lib/node/cli';
import { ASSET_ROOT, prepareAssets } from '../src/lib/node/assets';
import { DEFAULT_MODEL_ID, getModel } from '../src/lib/core/catalogue';
import { getTransform, TRANSFORMS } from '../src/lib/lab/transforms';
import { parseStrengths } from '../src/lib/lab/sweep';

const TOOL = 'sweep';
const args = parseCliArgs(TOOL, {
	transform: { type: 'string' },
	strengths: { type: 'string' },
	set: { type: 'string' },
	model: { type: 'string', default: DEFAULT_MODEL_ID },
	limit: { type: 'string' },
	batch: { type: 'string', default: '16' },
	backend: { type: 'string', default: 'wasm' },
	csv: { type: 'string' }
});
const fail = (msg: string): never => cliFail(TOOL, msg);

runCli(TOOL, async () => {
	if (!args.transform) fail(`--transform <id> is required (one of ${TRANSFORMS.map((t) => t.id).join(', ')})`);
	if (!args.set) fail('--set <folder> is required (a folder with labels.csv, e.g. static/data/ilsvrc2012_val_imagenette500)');
	const transform = getTransform(args.transform!);
	const strengths = args.strengths ? parseStrengths(args.strengths!) : transform.sweep;
	const modelIds = args.model!.split(',').filter(Boolean);
	modelIds.forEach((id) => getModel(id));
	if (args.backend !== 'wasm' && args.backend !== 'cpu') fail('--backend must be wasm or cpu in Node');
	const limit = intOption(TOOL, 'limit', args.limit, Infinity);
	const batchSize = intOption(TOOL, 'batch', args.batch, 16);
	const setPath = resolve(args.set!);
	const dataRoot = join(ASSET_ROOT, 'data') + sep;
	await prepareAssets({ models: modelIds, sets: setPath.startsWith(dataRoot) ? [setPath.slice(dataRoot.length).split(sep)[0]] : [] });

	// TF.js (and its WASM module) only now, after the arguments and files are known to be good.
	const cliProgress = (await import('cli-progress')).default;
	const tf = await import('@tensorflow/tfjs');
	const { decodeImageFile, openLabelledFolder } = await import('../src/lib/node/files');
	const { nodeJpegCodec } = await import('../src/lib/node/jpeg');
	const { loadClassesFromDisk, loadClassifierFromDisk, useNodeBackend } = await import('../src/lib/node/runtime');
	const { pct, runSweep, sweepCsv } = await import('../src/lib/lab/sweep');
	const { sweepModel, tensorToImage } = await import('../src/lib/lab/tensor');
	type SweepImage = import('../src/lib/lab/sweep').SweepImage;
	const opened = await openLabelledFolder(args.set!);
	const { setDir, imageDir } = opened;
	const labels = opened.labels.slice(0, limit);

	const backend = await useNodeBackend(args.backend as 'wasm' | 'cpu');
	const classes = await loadClassesFromDisk();
	const classifiers = [];
	for (const id of modelIds) classifiers.push(await loadClassifierFromDisk(id, classes));
	const tensorsBefore = tf.memory().numTensors;

	const images: SweepImage[] = labels.map((l) => ({
		name: l.filename,
		classIndex: l.classIndex,
		async load() {
			const t = await decodeImageFile(join(imageDir, l.filename));
			try {
				return await tensorToImage(t);
			} finally {
				t.dispose();
			}
		}
	}));

	const bar = new cliProgress.SingleBar(
		{ format: `${transform.id} [{bar}] {value}/{total} classifications | {eta_formatted} left`, stream: process.stderr, noTTYOutput: true, notTTYSchedule: 10000 },
		cliProgress.Presets.shades_classic
	);
	bar.start(images.length * strengths.length * modelIds.length, 0);
	const t0 = performance.now();
	const { rows, skipped } = await runSweep({
		transform, strengths, images, models: classifiers.map(sweepModel), batchSize,
		ctx: { jpeg: nodeJpegCodec, seed: 1 },
		onProgress: (d) => bar.update(d)
	});
	bar.stop();
	const seconds = (performance.now() - t0) / 1000;
	const leaked = tf.memory().numTensors - tensorsBefore;
	classifiers.forEach((c) => c.dispose());

	console.log(`\ntransform ${transform.id} (${transform.label}: ${transform.about}), strengths in ${transform.unit || 'units of the transform'}`);
	console.log(`set       ${setDir} (${labels.length} images${skipped.length ? `, ${skipped.length} unreadable and left out` : ''}), backend ${backend}`);
	for (const s of skipped.slice(0, 10)) console.log(`          unreadable: ${s.name}: ${s.reason}`);
	for (const id of modelIds) {
		console.log(`\nmodel ${id}\n\n| strength | top-1 % | top-5 % |\n|---:|---:|---:|`);
		for (const r of rows.filter((x) => x.model === id)) console.log(`| ${r.strength} | ${pct(r.top1).toFixed(1)} | ${pct(r.top5).toFixed(1)} |`);
	}
	console.log(`\ntime      ${seconds.toFixed(1)} s (${((seconds * 1000) / Math.max(1, rows.length * (rows[0]?.n ?? 0))).toFixed(1)} ms per transformed picture and classification); tensors leaked: ${leaked}`);
	if (args.csv) {
		await writeFile(args.csv, sweepCsv(rows));
		console.log(`csv       ${args.csv}`);
	}
});
