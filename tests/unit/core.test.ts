// The pure core on made-up input. The real class list and model files: tests/integration/assets.test.ts.
import { describe, expect, test } from 'vitest';
import { catalogue, getModel, modelJsonFile, pipelineInputSize } from '../../src/lib/core/catalogue';
import { parseLabels } from '../../src/lib/core/labels';
import { accuracy } from '../../src/lib/core/accuracy';
import { rankBackends, type BackendProbe } from '../../src/lib/core/backend';
import { decodeImage } from '../../src/lib/node/files';
import { parseClasses } from '../../src/lib/core/classes';

describe('catalogue', () => {
	test('the default model is the TFLite MobileNet v2 and every entry is complete', () => {
		expect(catalogue.default).toBe('tflite-mobilenet-v2-1.0-224');
		expect(catalogue.models.length).toBeGreaterThanOrEqual(8);
		for (const m of catalogue.models) {
			expect(m.input.size, m.id).toBeGreaterThan(0);
			expect(m.published.top5, m.id).toBeGreaterThan(m.published.top1);
			expect(['background+sorted', 'sorted', 'darknet']).toContain(m.output.class_order);
			expect(m.output.size).toBe(m.output.class_order === 'background+sorted' ? 1001 : 1000);
		}
	});
	test('@tensorflow-models/mobilenet feeds 224 px, so smaller TFLite models load their any-size graph', () => {
		expect(modelJsonFile(getModel('tflite-mobilenet-v2-1.0-224'))).toBe('model.json');
		expect(modelJsonFile(getModel('tflite-mobilenet-v1-0.25-128'))).toBe('model-any-size.json');
		expect(pipelineInputSize(getModel('tflite-mobilenet-v1-0.25-128'))).toBe(224);
		expect(pipelineInputSize(getModel('darknet-tiny'))).toBe(224);
		expect(() => getModel('nope')).toThrow(/Unknown model "nope"/);
	});
});

describe('classes', () => {
	test('a truncated class list is refused', () => {
		const header = 'class_index,wnid,label,simple_label,synset_words,gloss,parent_wnids,primary_path_wnids,primary_path_labels,depth,dfs_order,ancestor_wnids';
		const text = `${header}\n0,n01440764,tench,tench,"tench, Tinca tinca",a fish,n1,n0 n1,entity > fish,2,0,n0 n1\n`;
		expect(() => parseClasses(text)).toThrow(/1000 classes/);
	});
});

describe('labels and accuracy', () => {
	const csv = 'filename,wnid,class_index,label,simple_label,real_indices\na.jpg,n1,1,x,x,1 2\nb.jpg,n2,2,y,y,\nc.jpg,n3,3,z,z,4\nd.jpg,n4,4,w,w,4\n';
	test('labels.csv parses ReaL sets, empty ones included', () => {
		const l = parseLabels(csv);
		expect(l.map((x) => x.real)).toEqual([[1, 2], [], [4], [4]]);
		expect(() => parseLabels('name,cls\na,1')).toThrow(/filename/);
		expect(() => parseLabels('filename,class_index\na,1000')).toThrow(/0-999/);
	});
	test('top-1 / top-5 against labels and ReaL, by hand', () => {
		const labels = parseLabels(csv);
		const guesses = [
			[2, 1, 5, 6, 7], // label 1: top-5 hit, not top-1; ReaL {1,2}: top-1 hit
			[2, 0, 0, 0, 0], // label 2: top-1 hit; ReaL empty: left out
			[9, 8, 7, 6, 4], // label 3: miss; ReaL {4}: top-5 hit only
			[5, 6, 7, 8, 9, 4] // label 4: 6th guess does not count
		];
		const r = accuracy(guesses, labels);
		expect(r).toEqual({ n: 4, top1: 1 / 4, top5: 2 / 4, real_n: 3, real_top1: 1 / 3, real_top5: 2 / 3 });
	});
});

describe('backend ranking', () => {
	const probe = (name: BackendProbe['name'], available: boolean, hardware: boolean | null): BackendProbe => ({ name, available, hardware, detail: '' });
	test('software-emulated GPUs never beat WASM (headless Chromium without a GPU)', () => {
		expect(rankBackends([probe('webgpu', true, false), probe('webgl', true, false), probe('wasm', true, null), probe('cpu', true, null)])).toEqual([
			'wasm',
			'cpu',
			'webgl',
			'webgpu'
		]);
	});
	test('a real GPU wins: WebGPU, then WebGL, then WASM', () => {
		expect(rankBackends([probe('webgpu', true, true), probe('webgl', true, true), probe('wasm', true, null), probe('cpu', true, null)])).toEqual([
			'webgpu',
			'webgl',
			'wasm',
			'cpu'
		]);
		expect(rankBackends([probe('webgpu', false, null), probe('webgl', true, true), probe('wasm', false, null), probe('cpu', true, null)])).toEqual(['webgl', 'cpu']);
	});
});

describe('decodeImage', () => {
	test('empty and non-image files get a clear message', () => {
		expect(() => decodeImage(new Uint8Array(), 'x.jpg')).toThrow(/empty/);
		expect(() => decodeImage(new TextEncoder().encode('hello'), 'x.txt')).toThrow(/not a JPEG or PNG/);
	});
});

describe('image sets', () => {
	test('each id once (the setup lists them keyed by id)', async () => {
		const { IMAGE_SETS } = await import('../../src/lib/core/datasets');
		expect(new Set(IMAGE_SETS.map((s) => s.id)).size).toBe(IMAGE_SETS.length);
	});
});
