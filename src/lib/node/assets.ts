// Copy models, image sets, class metadata and the TF.js WASM binaries from the data mirror into the
// git-ignored asset folder the app serves (static/, or $ARENA_ASSETS). Used by `npm run assets` and, for
// just what they need, by the command-line tools, so each works as the first command after `npm install`.
// Idempotent: a file whose size and mtime match is not copied again. With no mirror, models that have
// a public original are downloaded; for everything else it says what is missing and where to get it.
import { copyFile, mkdir, readdir, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { catalogue, modelFiles } from '../core/catalogue';
import { IMAGE_SETS, META_FILES, DEFAULT_SET_ID, paths } from '../core/datasets';

/** The LiteRT.js WASM builds served from static/litert-wasm/. */
export const LITERT_WASM_FILES = ['litert_wasm_internal.wasm', 'litert_wasm_compat_internal.wasm'];

/** Where the data mirror is: ../shared beside the checkout, or $ARENA_MIRROR. */
export const MIRROR_DIR = resolve(process.env.ARENA_MIRROR ?? '../shared');
/** Where the assets go and the tools read them: static/, or $ARENA_ASSETS (tests point it at a temp folder). */
export const ASSET_ROOT = resolve(process.env.ARENA_ASSETS ?? 'static');

export interface AssetNeeds {
	/** Model ids to sync; default all catalogue models. */
	models?: string[];
	/** Image set ids to sync; default all. */
	sets?: string[];
}

export interface AssetReport {
	mirror: string;
	mirrorFound: boolean;
	target: string;
	copied: number;
	downloaded: number;
	kept: number;
	/** Files of an image set that the mirror no longer has (a photo taken out of a set), deleted from the target. */
	removed: number;
	/** One line per missing item: what, and where to get it. */
	missing: string[];
	/** Hosts a download failed from. */
	unreachable: string[];
	/** The items among `missing` the app (or the tool) cannot run without. */
	fatal: string[];
}

export async function syncAssets(needs: AssetNeeds = {}, mirror = MIRROR_DIR, target = ASSET_ROOT): Promise<AssetReport> {
	const r: AssetReport = { mirror, mirrorFound: existsSync(mirror), target, copied: 0, downloaded: 0, kept: 0, removed: 0, missing: [], unreachable: [], fatal: [] };
	/** Hosts that failed once are not tried again (a model has up to 241 files). */
	const unreachable = new Set<string>();

	async function syncFile(src: string, dest: string): Promise<void> {
		const s = await stat(src);
		const d = existsSync(dest) ? await stat(dest) : null;
		if (d && d.size === s.size && Math.abs(d.mtimeMs - s.mtimeMs) < 1000) {
			r.kept++;
			return;
		}
		await mkdir(dirname(dest), { recursive: true });
		await copyFile(src, dest);
		await utimes(dest, s.atime, s.mtime);
		r.copied++;
	}

	/** A mirror folder copied as it is: what the mirror dropped goes too, so a removed photo is not still served. */
	async function syncTree(src: string, dest: string): Promise<void> {
		const entries = await readdir(src, { withFileTypes: true });
		for (const entry of entries) {
			const from = join(src, entry.name), to = join(dest, entry.name);
			if (entry.isDirectory()) await syncTree(from, to);
			else if (entry.isFile()) await syncFile(from, to);
		}
		const wanted = new Set(entries.map((e) => e.name));
		for (const name of existsSync(dest) ? await readdir(dest) : []) {
			if (wanted.has(name)) continue;
			await rm(join(dest, name), { recursive: true, force: true });
			r.removed++;
		}
	}

	async function download(url: string, dest: string): Promise<boolean> {
		const host = new URL(url).host;
		if (unreachable.has(host)) return false;
		try {
			const res = await fetch(url, { signal: AbortSignal.timeout(30_000) });
			if (!res.ok) return false;
			await mkdir(dirname(dest), { recursive: true });
			await writeFile(dest, new Uint8Array(await res.arrayBuffer()));
			r.downloaded++;
			return true;
		} catch {
			unreachable.add(host);
			return false;
		}
	}

	const models = catalogue.models.filter((m) => !needs.models || needs.models.includes(m.id));
	for (const m of models) {
		const srcDir = join(mirror, 'models', m.id), destDir = join(target, 'models', m.id);
		const files = modelFiles(m);
		const lacking: string[] = [];
		for (const f of files) {
			const src = join(srcDir, f), dest = join(destDir, f);
			if (existsSync(src)) await syncFile(src, dest);
			else if (existsSync(dest)) r.kept++;
			else if (m.origin && !(m.origin_missing ?? []).includes(f) && (await download(m.origin + f, dest))) continue;
			else lacking.push(f);
		}
		if (lacking.length) {
			const where = m.origin ? `the mirror's models/${m.id}/, or ${m.origin}` : `the mirror's models/${m.id}/ only (no public original exists)`;
			const which = lacking.length === files.length ? `all ${files.length} files` : `${lacking.length} of ${files.length} files (${lacking.slice(0, 3).join(', ')}${lacking.length > 3 ? ', ...' : ''})`;
			const line = `model ${m.id}: ${which}  <- ${where}`;
			r.missing.push(line);
			if (m.id === catalogue.default || needs.models) r.fatal.push(line);
		}
	}

	for (const set of IMAGE_SETS.filter((s) => !needs.sets || needs.sets.includes(s.id))) {
		const src = join(mirror, 'datasets', set.id);
		if (existsSync(src)) await syncTree(src, join(target, 'data', set.id));
		else if (!existsSync(join(target, 'data', set.id, 'labels.csv'))) {
			const line = `image set ${set.id}  <- the mirror's datasets/${set.id} (origin: ${set.origin})`;
			r.missing.push(line);
			if (set.id === DEFAULT_SET_ID || needs.sets) r.fatal.push(line);
		}
	}
	for (const f of META_FILES) {
		const src = join(mirror, 'datasets', 'meta', f), dest = join(target, 'data', 'meta', f);
		if (existsSync(src)) await syncFile(src, dest);
		else if (!existsSync(dest)) {
			const line = `class metadata ${f}  <- the mirror's datasets/meta/${f}`;
			r.missing.push(line);
			r.fatal.push(line);
		}
	}

	const wasmDir = resolve('node_modules/@tensorflow/tfjs-backend-wasm/dist');
	for (const f of await readdir(wasmDir)) if (f.endsWith('.wasm')) await syncFile(join(wasmDir, f), join(target, 'tfjs-wasm', f));
	// LiteRT.js: the default (relaxed SIMD) and compat builds the worker may load; their glue is bundled (browser/litert.ts).
	const litertDir = resolve('node_modules/@litertjs/core/wasm');
	for (const f of LITERT_WASM_FILES) await syncFile(join(litertDir, f), join(target, paths.litertWasm, f));

	r.unreachable = [...unreachable];
	return r;
}

/**
 * For a command-line tool: sync what it needs, say in one line on stderr what was copied, and throw one
 * line (what is missing, where to get it) when something it needs is not there.
 */
export async function prepareAssets(needs: AssetNeeds): Promise<AssetReport> {
	const r = await syncAssets(needs);
	if (r.copied || r.downloaded || r.removed) console.error(`assets: ${r.copied} copied, ${r.downloaded} downloaded, ${r.removed} removed into ${r.target}`);
	if (r.fatal.length) {
		const first = r.fatal[0].replace(/\s+<-\s+/, ' missing; get it from ');
		const more = r.fatal.length > 1 ? ` (and ${r.fatal.length - 1} more)` : '';
		const mirror = r.mirrorFound ? '' : ` The mirror ${r.mirror} was not found: put it beside this checkout as ../shared or set ARENA_MIRROR.`;
		throw new Error(`${first}${more}.${mirror}`);
	}
	return r;
}
