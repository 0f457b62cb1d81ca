// The command-line tools as a newcomer meets them: spawned through npm, from an empty asset folder
// (ARENA_ASSETS points at a temp dir, so the developer's static/ is not touched), and with bad input.
import { afterAll, describe, expect, test } from 'vitest';
import { spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { cpSync, existsSync, mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ASSET_ROOT } from '../../src/lib/node/assets';

const scratch = mkdtempSync(join(tmpdir(), 'arena-cli-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
/** An empty asset folder of its own for each test, so no test depends on what an earlier one copied. */
const freshAssets = () => mkdtempSync(join(scratch, 'assets-'));

const SMALL_MODEL = 'tflite-mobilenet-v1-0.25-128';

function npmRun(script: string, args: string[], env: Record<string, string> = {}) {
	const r = spawnSync('npm', ['run', script, ...(args.length ? ['--', ...args] : [])], {
		encoding: 'utf8',
		env: { ...process.env, ARENA_ASSETS: freshAssets(), ...env },
		timeout: 300_000
	});
	return { code: r.status, stdout: r.stdout, stderr: r.stderr, all: r.stdout + r.stderr };
}

/** A bad invocation: non-zero exit, exactly one line from the tool, and less than 2 kB in all (npm's own footer included). */
function expectOneLineError(r: ReturnType<typeof npmRun>, tool: string, says: RegExp) {
	expect(r.code).not.toBe(0);
	const ours = r.stderr.split('\n').filter((l) => l.startsWith(`${tool}: `));
	expect(ours, r.all).toHaveLength(1);
	expect(ours[0]).toMatch(says);
	expect(Buffer.byteLength(r.all)).toBeLessThan(2048);
	expect(r.all).not.toMatch(/function\s*\(|=>\s*\{|WebAssembly\.instantiate/); // no library source
}

describe('first command after npm install (no assets yet)', () => {
	test('npm run eval copies what it needs and prints the figures', () => {
		const fresh = freshAssets();
		const r = npmRun('eval', ['--model', SMALL_MODEL, '--set', join(fresh, 'data/ilsvrc2012_val_imagenette500'), '--limit', '4', '--json'], { ARENA_ASSETS: fresh });
		expect(r.code, r.all).toBe(0);
		expect(existsSync(join(fresh, 'models', SMALL_MODEL, 'model.json'))).toBe(true);
		expect(r.stdout).toMatch(/labels\s+top-1\s+[\d.]+%\s+top-5\s+[\d.]+%\s+\(n = 4\)/);
		const json = JSON.parse(r.stdout.trim().split('\n').at(-1)!);
		expect(json).toMatchObject({ model: SMALL_MODEL, set: 'ilsvrc2012_val_imagenette500', n: 4, crops: 1, tensors_leaked: 0 });
		expect(json.top5).toBeGreaterThanOrEqual(json.top1);
	});

	test('npm run sweep prints a strength table', () => {
		const fresh = freshAssets();
		const r = npmRun('sweep', ['--transform', 'blur', '--strengths', '0,3', '--model', SMALL_MODEL, '--set', join(fresh, 'data/ilsvrc2012_val_imagenette500'), '--limit', '2'], { ARENA_ASSETS: fresh });
		expect(r.code, r.all).toBe(0);
		expect(r.stdout).toMatch(/\| 0 \| [\d.]+ \| [\d.]+ \|/);
		expect(r.stdout).toMatch(/\| 3 \| [\d.]+ \| [\d.]+ \|/);
	});

	test('eval --model a,b --json prints one row per model and a JSON array last', () => {
		const fresh = freshAssets();
		const r = npmRun('eval', ['--model', `${SMALL_MODEL},tflite-mobilenet-v1-0.5-160`, '--set', join(fresh, 'data/ilsvrc2012_val_imagenette500'), '--limit', '2', '--crops', '10', '--json'], { ARENA_ASSETS: fresh });
		expect(r.code, r.all).toBe(0);
		const rows = JSON.parse(r.stdout.trim().split('\n').at(-1)!);
		expect(rows.map((x: { model: string }) => x.model)).toEqual([SMALL_MODEL, 'tflite-mobilenet-v1-0.5-160']);
		expect(rows.every((x: { crops: number; n: number }) => x.crops === 10 && x.n === 2)).toBe(true);
	});
});

describe('bad invocations: one line, non-zero exit', () => {
	test('no mirror and no assets', () => {
		const empty = mkdtempSync(join(scratch, 'empty-'));
		const r = npmRun('eval', ['--set', join(empty, 'data/ilsvrc2012_val_acuity1300'), '--limit', '2'], { ARENA_ASSETS: empty, ARENA_MIRROR: join(scratch, 'no-mirror') });
		expectOneLineError(r, 'eval', /missing.*mirror .*no-mirror was not found/);
	});

	test('a damaged class list, found after TF.js and its WASM module have started: still one line, no WASM source', () => {
		const damaged = mkdtempSync(join(scratch, 'damaged-'));
		// The model and the WASM binaries from the synced assets (the integration setup ran npm run assets).
		cpSync(join(ASSET_ROOT, 'models', SMALL_MODEL), join(damaged, 'models', SMALL_MODEL), { recursive: true });
		cpSync(join(ASSET_ROOT, 'tfjs-wasm'), join(damaged, 'tfjs-wasm'), { recursive: true });
		mkdirSync(join(damaged, 'data', 'meta'), { recursive: true });
		writeFileSync(join(damaged, 'data', 'meta', 'classes.csv'), 'index,wnid\n0,n01440764\n');
		writeFileSync(join(damaged, 'data', 'meta', 'ilsvrc_reference.json'), '{}');
		const r = npmRun('eval', ['--model', SMALL_MODEL, '--set', join(ASSET_ROOT, 'data/ilsvrc2012_val_imagenette500'), '--limit', '2'], {
			ARENA_ASSETS: damaged,
			ARENA_MIRROR: join(scratch, 'no-mirror') // so the damaged file is not repaired from the mirror
		});
		expectOneLineError(r, 'eval', /Cannot read the class list .*classes\.csv: .*Run "npm run assets"/);
	});

	test('missing set folder', () => {
		expectOneLineError(npmRun('eval', ['--set', join(scratch, 'nowhere')]), 'eval', /nowhere does not exist/);
	});

	test('malformed labels.csv', () => {
		const bad = join(scratch, 'bad-set');
		mkdirSync(bad, { recursive: true });
		writeFileSync(join(bad, 'labels.csv'), 'name,class\nx.jpg,3\n');
		expectOneLineError(npmRun('eval', ['--set', bad, '--model', SMALL_MODEL]), 'eval', /bad-set\/labels\.csv: labels\.csv has no "filename" column/);
		writeFileSync(join(bad, 'labels.csv'), 'filename,class_index\nx.jpg,1234\n');
		expectOneLineError(npmRun('eval', ['--set', bad, '--model', SMALL_MODEL]), 'eval', /row 2: class_index "1234" is not 0-999/);
	});

	test('unknown model lists the known ones', () => {
		expectOneLineError(npmRun('eval', ['--set', scratch, '--model', 'alexnet']), 'eval', /Unknown model "alexnet"\. Known models: .*caffe-bvlc-googlenet/);
		expectOneLineError(npmRun('sweep', ['--transform', 'blur', '--set', scratch, '--model', 'alexnet']), 'sweep', /Known models: /);
	});

	test('unknown option and bad values', () => {
		expectOneLineError(npmRun('eval', ['--sett', 'x']), 'eval', /Unknown option '--sett' \(options: --model/);
		expectOneLineError(npmRun('sweep', ['--colour']), 'sweep', /Unknown option '--colour'/);
		expectOneLineError(npmRun('bench', ['--modle', 'x']), 'bench', /Unknown option '--modle'/);
		expectOneLineError(npmRun('eval', ['--set', scratch, '--crops', '5']), 'eval', /--crops must be 1 or 10/);
	});

	test('npm run preview (as npm start serves) on a port that is taken', async () => {
		const blocker = createServer();
		const port = await new Promise<number>((resolve) => blocker.listen(0, '127.0.0.1', () => resolve((blocker.address() as { port: number }).port)));
		try {
			const r = npmRun('preview', [], { PORT: String(port) });
			expectOneLineError(r, 'start', new RegExp(`port ${port} on 127\\.0\\.0\\.1 is already in use .* PORT=${port + 1} npm start`));
		} finally {
			blocker.close();
		}
	});
});
