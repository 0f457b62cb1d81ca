// npm run docs:zoo: write docs/zoo.md from models/measured.json (the tables are generated, never pasted).
import { writeFileSync } from 'node:fs';
import { measured } from '../src/lib/core/measured';
import { zooMarkdown } from '../src/lib/core/zoo-table';

writeFileSync('docs/zoo.md', zooMarkdown(measured));
console.log('docs:zoo: wrote docs/zoo.md');
