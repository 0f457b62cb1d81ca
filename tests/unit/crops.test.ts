// Ten looks (four corners and the centre, each mirrored, as the 2012-2014 ILSVRC entries did): the crop
// geometry and the JavaScript crop against the backend crop, through the app's own core in Node (wasm), on
// made-up pictures. The same on real photos with GoogLeNet: tests/integration/crops.test.ts.
import { beforeAll, describe, expect, test } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { croppedToBatch, fiveCropBoxes, preprocessBatch } from '../../src/lib/core/preprocess';
import { cropPicture, sampledRect } from '../../src/lib/core/crop-resize';
import { cropSquares } from '../../src/lib/core/crops';
import { meanOfRowGroups } from '../../src/lib/core/classifier';
import { useNodeBackend } from '../../src/lib/node/runtime';
import { configFromParams, configToParams, isRematch, REMATCH_2014, DEFAULT_CONFIG } from '../../src/lib/arena/session';
import { opponentLadder, mergeMeasured, standing, type MeasuredRow } from '../../src/lib/core/measured';

beforeAll(async () => {
	await useNodeBackend('wasm');
});

describe('ten-crop boxes', () => {
	test('a 100 x 200 picture, half the short side: 50 px squares (cropAndResize coordinates: pixel / (size - 1))', () => {
		const boxes = fiveCropBoxes(100, 200, 0.5);
		const expected = [
			[25 / 99, 75 / 199, 74 / 99, 124 / 199], // centre: top 25, left 75
			[0, 0, 49 / 99, 49 / 199], // top-left
			[0, 150 / 199, 49 / 99, 1], // top-right: left 150 .. 199
			[50 / 99, 0, 1, 49 / 199], // bottom-left: top 50 .. 99
			[50 / 99, 150 / 199, 1, 1] // bottom-right
		];
		boxes.forEach((b, i) => b.forEach((v, j) => expect(v).toBeCloseTo(expected[i][j], 12)));
	});

	test('on pixels: a 4 x 6 picture, 2 x 2 crops at size 2 are its corners and centre, then the same mirrored', () => {
		const values = Array.from({ length: 4 * 6 * 3 }, (_, i) => i);
		const picture = tf.tensor3d(values, [4, 6, 3], 'int32');
		const at = (y: number, x: number) => [0, 1, 2].map((c) => (y * 6 + x) * 3 + c);
		const square = (y: number, x: number) => [
			[at(y, x), at(y, x + 1)],
			[at(y + 1, x), at(y + 1, x + 1)]
		];
		const mirror = (s: number[][][]) => s.map((row) => [...row].reverse());
		const batch = preprocessBatch([picture], 2, 0.5, null, 10);
		const five = [square(1, 2), square(0, 0), square(0, 4), square(2, 0), square(2, 4)];
		expect(batch.shape).toEqual([10, 2, 2, 3]);
		const got = (batch.arraySync() as number[][][][]).flat(3);
		[...five, ...five.map(mirror)].flat(3).forEach((v, i) => expect(got[i]).toBeCloseTo(v, 2));
		tf.dispose([picture, batch]);
	});

	test('wasm agrees with cpu where a crop is exactly the output size (256 px at 87.5% = 224)', async () => {
		const picture = tf.randomUniform([256, 300, 3], 0, 255, 'float32', 7) as tf.Tensor3D;
		const onWasm = preprocessBatch([picture], 224, 0.875, null, 10);
		const wasm = await onWasm.data();
		await tf.setBackend('cpu');
		try {
			const pictureCpu = tf.tensor3d(await picture.data(), picture.shape);
			const cpu = (await preprocessBatch([pictureCpu], 224, 0.875, null, 10).data()) as Float32Array;
			let worst = 0;
			for (let i = 0; i < cpu.length; i++) worst = Math.max(worst, Math.abs(cpu[i] - wasm[i]));
			expect(worst).toBeLessThan(0.05);
		} finally {
			await tf.setBackend('wasm');
		}
		tf.dispose([picture, onWasm]);
	});

	test('cropSquares: pixel squares (edges), the centre first, the same geometry as the boxes', () => {
		expect(cropSquares(100, 200, 0.5, 1)).toEqual([{ top: 25, left: 75, side: 50 }]);
		expect(cropSquares(100, 200, 0.5, 10)).toEqual([
			{ top: 25, left: 75, side: 50 }, { top: 0, left: 0, side: 50 }, { top: 0, left: 150, side: 50 }, { top: 50, left: 0, side: 50 }, { top: 50, left: 150, side: 50 }
		]);
		expect(cropSquares(227, 227, 0.875, 1)[0].side).toBeCloseTo(198.625, 10);
	});

	test('croppedToBatch: crops already made are only normalised; values that are not whole crops are refused', () => {
		const batch = croppedToBatch(new Float32Array(2 * 2 * 2 * 3).fill(255), 2, { mean: [127.5, 127.5, 127.5], std: [127.5, 127.5, 127.5] });
		expect(batch.shape).toEqual([2, 2, 2, 3]);
		expect([...batch.dataSync()].every((v) => v === 1)).toBe(true);
		expect(() => croppedToBatch(new Float32Array(13), 2, null)).toThrow(/not whole 2 x 2 RGB crops/);
		batch.dispose();
	});

	// The crop in JavaScript must give what tf.image.cropAndResize gives, from the sampled pixels only.
	test.each([
		[227, 227, 1], [227, 227, 10], [375, 500, 1], [500, 333, 10], [256, 300, 10], [40, 41, 1], [3000, 17, 1]
	] as const)('cropPicture on a %i x %i picture, %i look(s): the backend crop within a tenth of one 8-bit step, from sampledRect alone', async (h, w, crops) => {
		const picture = tf.randomUniform([h, w, 3], 0, 256, 'int32', h * w) as tf.Tensor3D;
		const expected = preprocessBatch([picture], 224, 0.875, null, crops);
		const rgb = picture.dataSync();
		const rect = sampledRect(h, w, 0.875, crops);
		// Only the sampled rectangle, as RGBA (the worker's canvas gives RGBA), with the rest of the picture absent.
		const data = new Uint8ClampedArray(rect.width * rect.height * 4);
		for (let y = 0; y < rect.height; y++)
			for (let x = 0; x < rect.width; x++)
				for (let c = 0; c < 3; c++) data[(y * rect.width + x) * 4 + c] = rgb[((rect.top + y) * w + rect.left + x) * 3 + c];
		const got = cropPicture({ ...rect, data, channels: 4, pictureWidth: w, pictureHeight: h }, 224, 0.875, crops);
		const want = await expected.data();
		expect(got.length).toBe(want.length);
		let worst = 0, sum = 0;
		for (let i = 0; i < want.length; i++) {
			const d = Math.abs(got[i] - want[i]);
			worst = Math.max(worst, d);
			sum += d;
		}
		// TF.js places the samples in float32 (and on WASM nudges a box of exactly the output size by 1e-4 px);
		// this code in float64: the values differ by at most ~0.05 of 255. One wrong pixel would differ by tens.
		expect(worst).toBeLessThan(0.1);
		expect(sum / want.length).toBeLessThan(0.01);
		tf.dispose([picture, expected]);
	});

	test('meanOfRowGroups', () => {
		expect([...meanOfRowGroups([1, 2, 3, 4, 5, 6, 7, 8], 4, 2, 2)]).toEqual([2, 3, 6, 7]);
	});
});

describe('rematch preset and looks in the URL', () => {
	test('REMATCH_2014 round-trips through the URL (looks=10) and is a rematch; the default is not', () => {
		const q = configToParams(REMATCH_2014);
		expect(q.get('looks')).toBe('10');
		expect(configFromParams(q)).toEqual(REMATCH_2014);
		expect(isRematch(REMATCH_2014)).toBe(true);
		expect(isRematch(DEFAULT_CONFIG)).toBe(false);
		expect(isRematch({ ...REMATCH_2014, crops: 1 })).toBe(false);
		expect(configFromParams(new URLSearchParams('looks=7')).crops).toBe(1);
	});
});

describe('opponent ladder', () => {
	const row = (model: string, top5: number, crops = 1): MeasuredRow => ({
		model, set: 's', crops, backend: 'wasm', n: 10, top1: top5 - 0.2, top5, real_n: 10, real_top1: 0, real_top5: 0,
		unreadable: 0, ms_per_image: 1, load_ms: 1, tensors_leaked: 0, date: '2026-11-30'
	});
	test('by year, with the measured figures of the chosen set and the distance to the 2014 human (5.1% top-5 error)', () => {
		const file = mergeMeasured({ results: [row('caffe-bvlc-googlenet', 0.9)] }, [row('caffe-bvlc-googlenet', 0.949), row('darknet-tiny', 0.8, 10)]);
		const ladder = opponentLadder('s', 1, file);
		const years = ladder.map((r) => r.entry.year);
		expect(years).toEqual([...years].sort((a, b) => a - b));
		const g = ladder.find((r) => r.entry.id === 'caffe-bvlc-googlenet')!;
		expect(g.figures!.top5).toBe(0.949); // the newer row replaced the old one
		expect(g.vsHumanPoints).toBeCloseTo(0, 6); // 5.1% error = the human's
		expect(ladder.find((r) => r.entry.id === 'darknet-tiny')!.figures).toBeNull(); // only a 10-crop row, on no mirror set
		expect(standing(g)).toMatch(/5\.1% top-5 error on this set, level with the 2014 trained person/);
		const onAcuity = opponentLadder('ilsvrc2012_val_acuity1300', 1, file).find((r) => r.entry.id === 'darknet-tiny')!;
		expect(onAcuity.figures).toMatchObject({ source: 'source', top5: 0.912 }); // the mirror's SOURCE.md figure
		expect(standing(onAcuity)).toMatch(/8\.8% top-5 error on this set, 3\.7 points behind/);
	});
});
