// The assets as the mirror gives them: every model file the catalogue names, the real class list and its
// class orders, and the shape-vs-texture stimuli. The parsers themselves are unit-tested on made-up input.
import { describe, expect, test } from 'vitest';
import { readFile } from 'node:fs/promises';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { catalogue, modelFiles } from '../../src/lib/core/catalogue';
import { outputToClassIndex, parseClasses } from '../../src/lib/core/classes';
import { parseCategories, parseCueConflict } from '../../src/lib/lab/shapeTexture';
import { ASSET_ROOT } from '../../src/lib/node/runtime';

const classesCsv = () => readFile(join(ASSET_ROOT, 'data/meta/classes.csv'), 'utf8');

describe('catalogue', () => {
	test('every file a catalogue entry names was copied from the mirror', () => {
		for (const m of catalogue.models) for (const f of modelFiles(m)) expect(existsSync(join(ASSET_ROOT, 'models', m.id, f)), `${m.id}/${f}`).toBe(true);
	});
});

describe('classes', () => {
	test('1000 classes in sorted-wnid order with names, synonyms and glosses', async () => {
		const classes = parseClasses(await classesCsv());
		expect(classes).toHaveLength(1000);
		expect(classes[0]).toMatchObject({ index: 0, wnid: 'n01440764', label: 'tench' });
		expect(classes[999].wnid).toBe('n15075141');
		expect(classes[235].synonyms.join(' ')).toMatch(/alsatian/i);
		expect(classes[0].gloss).toMatch(/fish/);
	});
	test('output orders map to class indices (background dropped, darknet via its wnid list)', async () => {
		const classes = parseClasses(await classesCsv());
		const bg = outputToClassIndex('background+sorted', classes);
		expect(bg[0]).toBe(-1);
		expect(bg[1]).toBe(0);
		expect(bg[1000]).toBe(999);
		const wnids = (await readFile(join(ASSET_ROOT, 'models/darknet-tiny/imagenet1k_wnids_darknet_order.txt'), 'utf8')).split(/\s+/).filter(Boolean);
		const dk = outputToClassIndex('darknet', classes, wnids);
		expect(classes[dk[0]].wnid).toBe('n02119789'); // kit fox first in darknet order
		expect(new Set(dk).size).toBe(1000);
		expect(() => outputToClassIndex('darknet', classes, ['n0'])).toThrow();
	});
	test('a truncated class list is refused', async () => {
		const text = (await classesCsv()).split('\n').slice(0, 10).join('\n');
		expect(() => parseClasses(text)).toThrow(/1000 classes/);
	});
});

describe('shape vs texture', () => {
	test('the real stimuli: 160 cue-conflict pictures, 16 categories with ILSVRC classes', () => {
		const dir = join(ASSET_ROOT, 'data/texture_vs_shape_geirhos');
		const images = parseCueConflict(readFileSync(`${dir}/labels.csv`, 'utf8'));
		const categories = parseCategories(readFileSync(`${dir}/category_to_ilsvrc.json`, 'utf8'));
		expect(images.length).toBe(160);
		expect(categories.length).toBe(16);
		expect(images.every((i) => i.shape !== i.texture && categories.some((c) => c.name === i.texture))).toBe(true);
		expect(categories.find((c) => c.name === 'airplane')?.classIndices).toEqual([404]);
		expect(() => parseCueConflict('a,b\n1,2')).toThrow(/no "path" column/);
	});
});
