// Writes src/lib/arena/words.json: the WordNet words under each class (hyponym lemmas) and, for nouns with no
// class, the nearest group above them; from the mirror's copy of ImageNet's WordNet graph (BREEDS
// class_hierarchy.txt, node_names.txt) and meta/hierarchy_nodes.csv. Data, checked in; a unit test keeps it
// equal to what this script makes from the mirror.
// Usage: npx tsx scripts/picker-words.ts
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { wordIndexFromMirror } from '../src/lib/node/picker-words';

const mirror = process.env.ARENA_MIRROR ?? resolve('..', 'shared');
const index = wordIndexFromMirror(mirror);
const out = resolve('src/lib/arena/words.json');
writeFileSync(out, JSON.stringify(index, null, '\t') + '\n');
console.log(`picker-words: ${Object.keys(index.hyponyms).length} classes with words under them, ${Object.keys(index.nearest).length} nearest groups -> ${out}`);
