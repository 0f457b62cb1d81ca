// npm run catalogue:hashes: write each model file's size and SHA-256 into models/catalogue.json
// ("integrity": { file: { bytes, sha256 } }), from the mirror (../shared or $ARENA_MIRROR) or, failing
// that, static/. Fills every entry, so it can be re-run after a model is added. The loaders check them.
import { readFile, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join, resolve } from 'node:path';
import { modelFiles, type Catalogue } from '../src/lib/core/catalogue';
import type { Integrity } from '../src/lib/core/integrity';

const CATALOGUE = resolve('models/catalogue.json');
/** Index just past the JSON value (object, array, string or scalar) that starts at `i`. */
function endOfValue(t: string, i: number): number {
	let depth = 0;
	for (let k = i; k < t.length; k++) {
		const c = t[k];
		if (c === '"') {
			for (k++; t[k] !== '"'; k++) if (t[k] === '\\') k++;
			if (depth === 0) return k + 1;
		} else if (c === '{' || c === '[') depth++;
		else if (c === '}' || c === ']') {
			if (--depth === 0) return k + 1;
		} else if (depth === 0 && /[,\n}\]]/.test(c)) return k;
	}
	return t.length;
}

/**
 * Put each model's "integrity" into the file's own text (replacing an old one, or as the entry's last key),
 * leaving every other byte as it was: re-serialising would rewrite numbers such as 89.0 as 89.
 */
function spliceIntegrity(t: string, c: Catalogue): string {
	let from = t.indexOf('"models"');
	for (const model of c.models) {
		const idAt = t.indexOf(`"id": ${JSON.stringify(model.id)}`, from);
		const start = t.lastIndexOf('{', idAt);
		const end = endOfValue(t, start); // just past the entry's closing brace
		const indent = (/\n(\s*)"id"/.exec(t.slice(start, idAt + 1))?.[1] ?? '   ');
		const block = JSON.stringify((model as { integrity?: Integrity }).integrity, null, 1).replace(/\n/g, `\n${indent}`);
		const entry = t.slice(start, end);
		const key = `\n${indent}"integrity": `;
		const at = entry.indexOf(key);
		let next: string;
		if (at >= 0) {
			const valueStart = at + key.length;
			next = entry.slice(0, valueStart) + block + entry.slice(endOfValue(entry, valueStart));
		} else {
			const close = entry.lastIndexOf('}');
			const body = entry.slice(0, close).replace(/\s*$/, '');
			next = `${body},${key}${block}${entry.slice(body.length)}`;
		}
		t = t.slice(0, start) + next + t.slice(end);
		from = start + next.length;
	}
	return t;
}

const roots = [join(resolve(process.env.ARENA_MIRROR ?? '../shared'), 'models'), resolve('static/models')];

const text = await readFile(CATALOGUE, 'utf8');
const catalogue = JSON.parse(text) as Catalogue;
const missing: string[] = [];
let files = 0, changed = 0;
for (const model of catalogue.models) {
	const integrity: Integrity = {};
	for (const f of modelFiles(model)) {
		const path = roots.map((r) => join(r, model.id, f)).find((p) => existsSync(p));
		if (!path) {
			missing.push(`${model.id}/${f}`);
			continue;
		}
		const data = await readFile(path);
		integrity[f] = { bytes: data.length, sha256: createHash('sha256').update(data).digest('hex') };
		files++;
	}
	const before = JSON.stringify((model as { integrity?: Integrity }).integrity ?? {});
	if (before !== JSON.stringify(integrity)) changed++;
	(model as { integrity?: Integrity }).integrity = integrity;
}
await writeFile(CATALOGUE, spliceIntegrity(text, catalogue));
console.log(`catalogue:hashes: ${files} files of ${catalogue.models.length} models hashed, ${changed} entr${changed === 1 ? 'y' : 'ies'} changed`);
if (missing.length) {
	console.error(`not found (left without a hash, so not checked):\n  ${missing.join('\n  ')}`);
	process.exitCode = 1;
}
