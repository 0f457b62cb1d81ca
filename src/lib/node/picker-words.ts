// Reads the mirror's WordNet files for the picker's word index (scripts/picker-words.ts, and its unit test).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildWordIndex, type WordIndex } from '../arena/wordnet-words';

export function wordIndexFromMirror(mirror: string): WordIndex {
	const meta = join(mirror, 'datasets/meta');
	const wn = join(meta, 'imagenet_hierarchy_breeds/wordnet');
	const nodes = readFileSync(join(meta, 'hierarchy_nodes.csv'), 'utf8').trim().split(/\r?\n/);
	// wnid is the first cell; num_classes_below and class_index the last two (no commas in either).
	const classes: string[] = [];
	const groups = new Map<string, number>();
	for (const line of nodes.slice(1)) {
		const wnid = line.slice(0, line.indexOf(','));
		const cells = line.split(',');
		const classIndex = cells[cells.length - 1];
		const below = Number(cells[cells.length - 2]);
		if (classIndex === '') groups.set(wnid, below);
		else classes[Number(classIndex)] = wnid;
	}
	return buildWordIndex(readFileSync(join(wn, 'class_hierarchy.txt'), 'utf8'), readFileSync(join(wn, 'node_names.txt'), 'utf8'), classes, groups);
}
