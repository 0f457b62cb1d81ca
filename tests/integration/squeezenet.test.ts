// The two SqueezeNets of the opponent ladder (our Caffe -> TF.js graph conversions), on real ILSVRC-2012 val
// photos, through the app's own core in Node (wasm): the right class order, preprocessing and licence files.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import type { Classifier } from '../../src/lib/core/classifier';
import { getModel, modelFiles } from '../../src/lib/core/catalogue';
import { decodeImageFile } from '../../src/lib/node/files';
import { ASSET_ROOT, loadClassesFromDisk, loadClassifierFromDisk, useNodeBackend } from '../../src/lib/node/runtime';

const photo = (set: string, file: string) => decodeImageFile(join(ASSET_ROOT, 'data', set, 'images', file));

describe('SqueezeNet v1.1 (caffe-squeezenet-v1.1)', () => {
	let model: Classifier;
	beforeAll(async () => {
		await useNodeBackend('wasm');
		model = await loadClassifierFromDisk('caffe-squeezenet-v1.1', await loadClassesFromDisk());
	});
	afterAll(() => model?.dispose());

	test('is labelled as AlexNet-level, never as AlexNet', () => {
		const entry = getModel('caffe-squeezenet-v1.1');
		expect(entry.name).toBe('SqueezeNet (2016), AlexNet-level accuracy');
		expect(entry.input.size).toBe(227);
	});

	// Expected top-5 from the model itself, checked by hand against the photos (all five are plausible neighbours).
	test.each([
		['ilsvrc2012_val_acuity1300', 'ILSVRC2012_val_00000347.JPEG', [472, 693, 408]], // canoe, paddle, amphibian
		['ilsvrc2012_val_acuity1300', 'ILSVRC2012_val_00000363.JPEG', [133, 142]], // bittern, dowitcher
		['ilsvrc2012_val_acuity1300', 'ILSVRC2012_val_00001270.JPEG', [974, 980]], // geyser, volcano
		['ilsvrc2012_val_fullframe', 'ILSVRC2012_val_00001226.JPEG', [333, 332, 338]], // hamster, Angora, guinea pig
		['ilsvrc2012_val_fullframe', 'ILSVRC2012_val_00004646.JPEG', [920, 919]] // traffic light, street sign
	])('%s %s: the top-5 starts with %j', async (set, file, expected) => {
		const before = tf.memory().numTensors;
		const px = await photo(set, file);
		try {
			const top = await model.classify(px, 5);
			expect(top).toHaveLength(5);
			expect(top.slice(0, expected.length).map((p) => p.classIndex)).toEqual(expected);
			expect(top[0].probability).toBeGreaterThan(0.9);
		} finally {
			px.dispose();
		}
		expect(tf.memory().numTensors).toBe(before);
	});
});

describe('SqueezeNet v1.0 after Deep Compression', () => {
	test('gets the canoe and the traffic light right', async () => {
		await useNodeBackend('wasm');
		const model = await loadClassifierFromDisk('caffe-squeezenet-v1.0-deepcompression', await loadClassesFromDisk());
		try {
			for (const [set, file, index] of [
				['ilsvrc2012_val_acuity1300', 'ILSVRC2012_val_00000347.JPEG', 472],
				['ilsvrc2012_val_fullframe', 'ILSVRC2012_val_00004646.JPEG', 920]
			] as const) {
				const px = await photo(set, file);
				const top = await model.classify(px, 5);
				px.dispose();
				expect(top[0].classIndex).toBe(index);
			}
		} finally {
			model.dispose();
		}
	});
});

test('both ship their BSD licence file beside the weights (npm run assets copies it)', () => {
	for (const id of ['caffe-squeezenet-v1.1', 'caffe-squeezenet-v1.0-deepcompression']) {
		const entry = getModel(id);
		expect(entry.files.licence).toMatch(/^LICEN[CS]E$/);
		expect(modelFiles(entry)).toContain(entry.files.licence);
		expect(existsSync(join(ASSET_ROOT, 'models', id, entry.files.licence!))).toBe(true);
	}
});
