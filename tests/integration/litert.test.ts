// The LiteRT.js engine (the original quantized .tflite) beside TF.js (our float conversion) on the same photos,
// through the app's own crop in JavaScript, in Node (LiteRT.js's compat WASM build; TF.js WASM).
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { join } from 'node:path';
import type { Classifier } from '../../src/lib/core/classifier';
import type { ImageNetClass } from '../../src/lib/core/classes';
import { getModel } from '../../src/lib/core/catalogue';
import { cropPictures } from '../../src/lib/core/crop-resize';
import { dequantizeInto, enginesFor, engineFiles, quantizeInput } from '../../src/lib/core/engines';
import { topkRows } from '../../src/lib/core/topk';
import { decodePixels } from '../../src/lib/node/files';
import { readFile } from 'node:fs/promises';
import { ASSET_ROOT, loadClassesFromDisk, loadClassifierFromDisk, useNodeBackend } from '../../src/lib/node/runtime';

const VAL = join(ASSET_ROOT, 'data/ilsvrc2012_val_acuity1300/images');
const CONFIDENT: [string, number][] = [
	['ILSVRC2012_val_00000347.JPEG', 472],
	['ILSVRC2012_val_00000361.JPEG', 300],
	['ILSVRC2012_val_00000560.JPEG', 705],
	['ILSVRC2012_val_00000865.JPEG', 295],
	['ILSVRC2012_val_00000807.JPEG', 27]
];

describe('quantization (pure)', () => {
	const mobilenet = getModel('tflite-mobilenet-v2-1.0-224');
	test('the MobileNet input: x / 127.5 - 1 as (q - 128) / 128, clamped', () => {
		const q = quantizeInput([0, 127.5, 255, 63.75, 191.25, 300], mobilenet.preprocessing.normalize, mobilenet.litert!.input);
		expect([...q]).toEqual([0, 128, 255, 64, 192, 255]);
	});
	test('the output: q / 256, background dropped, crops averaged', () => {
		const out = new Uint8Array(1001);
		out[0] = 200; // background
		out[1] = 128; // class 0
		out[1000] = 64; // class 999
		const into = new Float32Array(1000);
		const classToOutput = Int32Array.from({ length: 1000 }, (_, c) => c + 1);
		dequantizeInto(out, mobilenet.litert!.output, classToOutput, into, 0, 0.5);
		dequantizeInto(out, mobilenet.litert!.output, classToOutput, into, 0, 0.5);
		expect(into[0]).toBeCloseTo(0.5, 6);
		expect(into[999]).toBeCloseTo(0.25, 6);
	});
	test('ties (uint8 steps) go to the lower class index', () => {
		expect(topkRows([0.1, 0.5, 0.5, 0.2, 0.5], 1, 3)[0]).toEqual([1, 2, 4]);
	});
	test('which engines run which model, and which files each loads', () => {
		expect(enginesFor(mobilenet)).toEqual(['tfjs', 'litert']);
		expect(enginesFor(getModel('caffe-squeezenet-v1.1'))).toEqual(['tfjs']);
		expect(engineFiles(mobilenet, 'litert')).toEqual(['mobilenet_v2_1.0_224_quant.tflite']);
		expect(engineFiles(mobilenet, 'tfjs')).not.toContain('mobilenet_v2_1.0_224_quant.tflite');
	});
});

describe('LiteRT.js on MobileNet v2 1.0/224 (the .tflite) against TF.js', () => {
	let classes: ImageNetClass[];
	let litert: Classifier, tfjs: Classifier;
	beforeAll(async () => {
		await useNodeBackend('wasm');
		classes = await loadClassesFromDisk();
		litert = await loadClassifierFromDisk('tflite-mobilenet-v2-1.0-224', classes, ASSET_ROOT, 'litert');
		tfjs = await loadClassifierFromDisk('tflite-mobilenet-v2-1.0-224', classes);
	});
	afterAll(() => {
		litert?.dispose();
		tfjs?.dispose();
	});

	const crop = async (c: Classifier, file: string, crops: 1 | 10 = 1) =>
		cropPictures([decodePixels(new Uint8Array(await readFile(join(VAL, file))), file)], c.inputSize, c.entry.preprocessing.crop, crops);

	test.each(CONFIDENT)('%s: both engines say %i first, the same top-5 classes up to ties', async (file, index) => {
		const [a] = await litert.classifyCropped(await crop(litert, file), 5);
		const [b] = await tfjs.classifyCropped(await crop(tfjs, file), 5);
		expect(litert.engine).toBe('litert');
		expect(a[0].classIndex).toBe(index);
		expect(b[0].classIndex).toBe(index);
		expect(a[0].probability).toBeGreaterThan(0.7);
		// Probabilities are multiples of 1/256, sorted, ties by class index.
		for (let i = 0; i < 5; i++) expect(a[i].probability * 256).toBeCloseTo(Math.round(a[i].probability * 256), 4);
		for (let i = 1; i < 5; i++) {
			expect(a[i].probability).toBeLessThanOrEqual(a[i - 1].probability);
			if (a[i].probability === a[i - 1].probability) expect(a[i].classIndex).toBeGreaterThan(a[i - 1].classIndex);
		}
	});

	test('ten looks: one answer per picture, the same top-1, and a tensor path that agrees with the JS crop', async () => {
		const [ten] = await litert.classifyCropped(await crop(litert, CONFIDENT[0][0], 10), 5, 10);
		expect(ten[0].classIndex).toBe(CONFIDENT[0][1]);
		const scores = await litert.classScores!(await crop(litert, CONFIDENT[1][0]), 1);
		expect(scores.length).toBe(1000);
		expect(scores.indexOf(Math.max(...scores))).toBe(CONFIDENT[1][1]);
	});

	test('the bare run() works on a preprocessed batch and other paths refuse clearly', async () => {
		const pixels = await crop(litert, CONFIDENT[2][0]);
		const batch = litert.preprocessCropped(pixels);
		await litert.bareRun!(batch);
		await litert.bareRun!(batch);
		batch.dispose();
		expect(() => litert.predictRaw(null as never)).toThrow(/LiteRT.js runs asynchronously/);
	});
});

describe('agreement between engines (pure)', () => {
	const r = (...xs: [number, number][]) => xs.map(([classIndex, probability]) => ({ classIndex, probability }));
	test('a swap at a tied fifth place counts as the same five; a firm swap does not', async () => {
		const { sameFiveWithTies, engineAgreement } = await import('../../src/lib/core/engines');
		const tf = r([1, 0.5], [2, 0.2], [3, 0.1], [4, 0.05], [5, 0.04], [6, 0.03]);
		const tiedLite = r([1, 0.5], [2, 0.2], [3, 0.1], [4, 0.05], [6, 0.02], [5, 0.02]);
		const firmLite = r([1, 0.5], [2, 0.2], [3, 0.1], [4, 0.05], [6, 0.03], [5, 0.02]);
		expect(sameFiveWithTies(tf, tiedLite)).toBe(true);
		expect(sameFiveWithTies(tf, firmLite)).toBe(false);
		const a = engineAgreement([tf, tf, tf], [tiedLite, firmLite, r([2, 0.6], [1, 0.3], [3, 0.1], [4, 0.05], [5, 0.01])]);
		expect(a).toEqual({ n: 3, top1: 2, top5_set: 1, top5_ties: 2, differences: [1, 2] });
	});
});

test('a uint8 tail of zeros: every class past the list ties at 0', async () => {
	const { sameFiveWithTies } = await import('../../src/lib/core/engines');
	const r = (...xs: [number, number][]) => xs.map(([classIndex, probability]) => ({ classIndex, probability }));
	const tf = r([294, 0.99], [209, 0.001], [276, 0.0005], [295, 0.0004], [296, 0.0003]);
	const lite = r([294, 0.996], [0, 0], [1, 0], [2, 0], [3, 0], [4, 0], [5, 0], [6, 0], [7, 0], [8, 0]);
	expect(sameFiveWithTies(tf, lite)).toBe(true);
	expect(sameFiveWithTies(tf, lite.slice(0, 5))).toBe(false); // without the tenth, a left-out class cannot be placed
});

test('the automatic choice: the fastest measured row whose top-1 agreed with the reference, with the reason', async () => {
	const { automaticChoice } = await import('../../src/lib/bench/report');
	const row = (engine: 'tfjs' | 'litert', backend: 'wasm' | 'webgl', median_ms: number | null, top1_agreement: number | null, skipped: string | null = null) =>
		({ engine, backend, median_ms, top1_agreement, skipped });
	const a = automaticChoice([row('tfjs', 'wasm', 40, 1), row('litert', 'wasm', 25, 1), row('tfjs', 'webgl', 900, 1)]);
	expect(a).toMatchObject({ engine: 'litert', backend: 'wasm', median_ms: 25 });
	expect(a!.why).toMatch(/TF.js wasm 40.0 ms/);
	// A faster engine that answered differently is not used, and the reason says so.
	const b = automaticChoice([row('tfjs', 'wasm', 40, 1), row('litert', 'wasm', 25, 0.75)]);
	expect(b).toMatchObject({ engine: 'tfjs', backend: 'wasm' });
	expect(b!.why).toMatch(/not used: LiteRT.js wasm \(top-1 differs/);
	expect(automaticChoice([row('tfjs', 'wasm', null, null, 'failed')])).toBeNull();
});
