// Ten looks (four corners and the centre, each mirrored) and GoogLeNet, through the app's own core in Node
// (wasm), on real validation photos from the mirror.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { cropPicture, sampledRect } from '../../src/lib/core/crop-resize';
import type { Classifier } from '../../src/lib/core/classifier';
import type { ImageNetClass } from '../../src/lib/core/classes';
import { decodeImageFile } from '../../src/lib/node/files';
import { ASSET_ROOT, loadClassesFromDisk, loadClassifierFromDisk, useNodeBackend } from '../../src/lib/node/runtime';

beforeAll(async () => {
	await useNodeBackend('wasm');
});

describe('GoogLeNet (BVLC Caffe replication, TF.js graph model)', () => {
	let classes: ImageNetClass[];
	let googlenet: Classifier;
	beforeAll(async () => {
		classes = await loadClassesFromDisk();
		googlenet = await loadClassifierFromDisk('caffe-bvlc-googlenet', classes);
	});
	afterAll(() => googlenet?.dispose());
	const photo = (set: string, file: string) => decodeImageFile(join(ASSET_ROOT, 'data', set, 'images', file));

	test.each([
		['ilsvrc2012_val_acuity1300', 'ILSVRC2012_val_00000347.JPEG', 472, 'canoe'],
		['ilsvrc2012_val_acuity1300', 'ILSVRC2012_val_00000363.JPEG', 133, 'bittern'],
		['ilsvrc2012_val_acuity1300', 'ILSVRC2012_val_00001270.JPEG', 974, 'geyser'],
		['ilsvrc2012_val_fullframe', 'ILSVRC2012_val_00001226.JPEG', 333, 'hamster'],
		['ilsvrc2012_val_fullframe', 'ILSVRC2012_val_00004646.JPEG', 920, 'traffic light']
	])('%s %s: top-1 is %i (%s), looking once and ten times', async (set, file, index) => {
		const px = await photo(set, file);
		try {
			const once = await googlenet.classify(px, 5);
			const ten = await googlenet.classify(px, 5, 10);
			expect(once[0].classIndex).toBe(index);
			expect(once[0].probability).toBeGreaterThan(0.9);
			expect(ten[0].classIndex).toBe(index);
		} finally {
			px.dispose();
		}
	});

	test('ten crops in one batch: the mean of the ten single runs, and no tensor leaked', async () => {
		const before = tf.memory().numTensors;
		const px = await photo('ilsvrc2012_val_fullframe', 'ILSVRC2012_val_00004283.JPEG'); // 354 x 240: corners differ from the centre
		try {
			const ten = await googlenet.classify(px, 1000, 10);
			const crops = googlenet.preprocess([px], 10);
			const singles = tf.tidy(() => tf.stack(Array.from({ length: 10 }, (_, i) => googlenet.probabilities(tf.slice(crops, [i], [1]) as tf.Tensor4D).squeeze())));
			const mean = tf.tidy(() => tf.mean(singles, 0).dataSync()) as Float32Array;
			const spread = tf.tidy(() => tf.moments(tf.max(singles, 1)).variance.dataSync()[0]);
			tf.dispose([crops, singles]);
			expect(spread).toBeGreaterThan(0); // the ten looks really differ
			for (const p of ten) expect(p.probability).toBeCloseTo(mean[p.classIndex], 5);
			expect(ten.reduce((s, p) => s + p.probability, 0)).toBeCloseTo(1, 4);
		} finally {
			px.dispose();
		}
		expect(tf.memory().numTensors).toBe(before);
	});
});

describe('the crop in JavaScript (the app path) against the backend crop', () => {
	test('GoogLeNet on a real photo: classifyCropped(cropPicture) gives classify\'s answer, once and ten times, no tensor leaked', async () => {
		const classes = await loadClassesFromDisk();
		const model = await loadClassifierFromDisk('caffe-bvlc-googlenet', classes);
		const px = await decodeImageFile(join(ASSET_ROOT, 'data', 'ilsvrc2012_val_fullframe', 'images', 'ILSVRC2012_val_00004283.JPEG'));
		const before = tf.memory().numTensors;
		try {
			const [h, w] = px.shape;
			const region = { left: 0, top: 0, width: w, height: h, pictureWidth: w, pictureHeight: h, data: px.dataSync(), channels: 3 as const };
			for (const crops of [1, 10] as const) {
				const cropped = await model.classifyCropped(cropPicture(region, model.inputSize, model.entry.preprocessing.crop, crops), 5, crops);
				const direct = await model.classify(px, 5, crops);
				expect(cropped).toHaveLength(1);
				expect(cropped[0].map((p) => p.classIndex)).toEqual(direct.map((p) => p.classIndex));
				cropped[0].forEach((p, i) => expect(p.probability).toBeCloseTo(direct[i].probability, 4));
			}
			await expect(model.classifyCropped(new Float32Array(5), 5, 10)).rejects.toThrow(/not whole pictures/);
			expect(tf.memory().numTensors).toBe(before);
		} finally {
			px.dispose();
			model.dispose();
		}
	});
});
