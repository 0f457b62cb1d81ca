// docs/zoo.md is generated from models/measured.json: a row changed in one and not the other fails here.
import { expect, test } from 'vitest';
import { readFileSync } from 'node:fs';
import { measured, type MeasuredFile } from '../../src/lib/core/measured';
import { zooMarkdown } from '../../src/lib/core/zoo-table';

test('docs/zoo.md is what npm run docs:zoo makes from models/measured.json', () => {
	expect(readFileSync('docs/zoo.md', 'utf8')).toBe(zooMarkdown(measured));
});

test('a row of the file shows up in its set and looks section, in percent', () => {
	const row = { ...measured.results[0], top1: 0.5, top5: 0.75, real_top1: 0.6, real_top5: 0.8, real_n: 9, n: 10 };
	const md = zooMarkdown({ results: [row] } as MeasuredFile);
	expect(md).toContain(`\`${row.set}\``);
	expect(md).toMatch(/\| 10 \| 50\.0 \| 75\.0 \| 60\.0 \| 80\.0 \(9\) \|/);
});
