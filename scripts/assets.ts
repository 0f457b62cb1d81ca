// npm run assets: copy models and image sets from a local mirror (default ../shared, or $ARENA_MIRROR)
// into git-ignored folders under static/, which the app serves from its own origin.
// Idempotent: a file whose size and mtime match is not copied again. With no mirror, models that have
// a public original are downloaded; for everything else it says what is missing and where to get it.
import { copyFile, mkdir, readdir, stat, utimes, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { catalogue, modelFiles } from '../src/lib/core/catalogue';
import { IMAGE_SETS, META_FILES, DEFAULT_SET_ID } from '../src/lib/core/datasets';

const MIRROR = resolve(process.env.ARENA_MIRROR ?? '../shared');
const STATIC = resolve('static');
let copied = 0, kept = 0, downloaded = 0;
const missing: string[] = [];

async function syncFile(src: string, dest: string): Promise<void> {
	const s = await stat(src);
	const d = existsSync(dest) ? await stat(dest) : null;
	if (d && d.size === s.size && Math.abs(d.mtimeMs - s.mtimeMs) < 1000) {
		kept++;
		return;
	}
	await mkdir(dirname(dest), { recursive: true });
	await copyFile(src, dest);
	await utimes(dest, s.atime, s.mtime);
	copied++;
}

async function syncTree(src: string, dest: string): Promise<void> {
	for (const entry of await readdir(src, { withFileTypes: true })) {
		const from = join(src, entry.name), to = join(dest, entry.name);
		if (entry.isDirectory()) await syncTree(from, to);
		else if (entry.isFile()) await syncFile(from, to);
	}
}

/** Hosts that failed once are not tried again (a model has up to 241 files). */
const unreachable = new Set<string>();

async function download(url: string, dest: string): Promise<boolean> {
	const host = new URL(url).host;
	if (unreachable.has(host)) return false;
	try {
		const res = await fetch(url, { signal: AbortSignal.timeout(30_000) });
		if (!res.ok) return false;
		await mkdir(dirname(dest), { recursive: true });
		await writeFile(dest, new Uint8Array(await res.arrayBuffer()));
		downloaded++;
		return true;
	} catch {
		unreachable.add(host);
		return false;
	}
}

async function syncModels(): Promise<void> {
	for (const m of catalogue.models) {
		const srcDir = join(MIRROR, 'models', m.id), destDir = join(STATIC, 'models', m.id);
		const files = modelFiles(m);
		const lacking: string[] = [];
		for (const f of files) {
			const src = join(srcDir, f), dest = join(destDir, f);
			if (existsSync(src)) await syncFile(src, dest);
			else if (existsSync(dest)) kept++;
			else if (m.origin && !(m.origin_missing ?? []).includes(f) && (await download(m.origin + f, dest))) continue;
			else lacking.push(f);
		}
		if (lacking.length) {
			const where = m.origin ? `the mirror's models/${m.id}/, or ${m.origin}` : `the mirror's models/${m.id}/ only (no public original: ${m.provenance})`;
			const which = lacking.length === files.length ? `all ${files.length} files` : `${lacking.length} of ${files.length} files (${lacking.slice(0, 3).join(', ')}${lacking.length > 3 ? ', ...' : ''})`;
			missing.push(`model ${m.id}: ${which}  <- ${where}`);
		}
	}
}

async function syncData(): Promise<void> {
	for (const set of IMAGE_SETS) {
		const src = join(MIRROR, 'datasets', set.id);
		if (existsSync(src)) await syncTree(src, join(STATIC, 'data', set.id));
		else if (!existsSync(join(STATIC, 'data', set.id, 'labels.csv'))) {
			missing.push(`image set ${set.id}  <- the mirror's datasets/${set.id} (origin: ${set.origin})`);
		}
	}
	for (const f of META_FILES) {
		const src = join(MIRROR, 'datasets', 'meta', f), dest = join(STATIC, 'data', 'meta', f);
		if (existsSync(src)) await syncFile(src, dest);
		else if (!existsSync(dest)) missing.push(`class metadata ${f}  <- the mirror's datasets/meta/${f}`);
	}
}

async function syncWasm(): Promise<void> {
	const dir = resolve('node_modules/@tensorflow/tfjs-backend-wasm/dist');
	for (const f of await readdir(dir)) if (f.endsWith('.wasm')) await syncFile(join(dir, f), join(STATIC, 'tfjs-wasm', f));
}

const t0 = performance.now();
console.log(`assets: mirror ${existsSync(MIRROR) ? MIRROR : `${MIRROR} (not found)`} -> ${relative(process.cwd(), STATIC)}/`);
await syncModels();
await syncData();
await syncWasm();
console.log(`assets: ${copied} copied, ${downloaded} downloaded, ${kept} up to date (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
if (missing.length) {
	console.error(`\nassets: ${missing.length} item(s) missing:\n  ${missing.join('\n  ')}`);
	if (unreachable.size) console.error(`(download failed from: ${[...unreachable].join(', ')})`);
	console.error(
		`\nGet the mirror (the project's shared/ folder) beside this checkout as ../shared, or point ARENA_MIRROR at a copy of it, then run "npm run assets" again.`
	);
	const fatal = missing.some((m) => m.startsWith(`model ${catalogue.default}:`) || m.startsWith('class metadata') || m.startsWith(`image set ${DEFAULT_SET_ID}`));
	if (fatal) {
		console.error('assets: the default model, the default image set or the class list is missing: the app cannot run without them.');
		process.exit(1);
	}
}
