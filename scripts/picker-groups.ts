// Writes src/lib/arena/groups.json: the lemmas of every WordNet group (internal node) above the 1000 classes,
// from the mirror's meta/hierarchy_nodes.csv, so the picker can answer "bird", "couch" or "bike" with the
// classes under that group. Data, checked in; a unit test keeps it equal to the mirror's file.
// Usage: npx tsx scripts/picker-groups.ts [path/to/hierarchy_nodes.csv]
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { groupLemmasFromNodes } from '../src/lib/arena/picker';

const mirror = process.env.ARENA_MIRROR ?? resolve('..', 'shared');
const file = process.argv[2] ?? resolve(mirror, 'datasets/meta/hierarchy_nodes.csv');
const groups = groupLemmasFromNodes(readFileSync(file, 'utf8'));
const out = resolve('src/lib/arena/groups.json');
writeFileSync(out, JSON.stringify(groups, null, 0).replace(/","/g, '",\n"') + '\n');
console.log(`picker-groups: ${Object.keys(groups).length} groups -> ${out}`);
