// Model files you can trust (catalogue sizes + SHA-256, checked by the loader's fetch) and the one-tab game lock.
import { describe, expect, test } from 'vitest';
import { cpSync, mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { catalogue, getModel, modelFiles } from '../../src/lib/core/catalogue';
import { expectedFor, integrityOf, sha256Hex, verifyingFetch } from '../../src/lib/core/integrity';
import { loadClassifier } from '../../src/lib/core/classifier';
import { fileFetch } from '../../src/lib/node/files';
import { ASSET_ROOT, loadClassesFromDisk, useNodeBackend } from '../../src/lib/node/runtime';
import { GameLock, type LockManagerLike } from '../../src/lib/browser/game-lock';

const SMALL = 'tflite-mobilenet-v1-0.25-128';

describe('model files you can trust', () => {
	test('the catalogue holds a size and SHA-256 for every file of every model, and they match the files', async () => {
		for (const m of catalogue.models) {
			const integrity = integrityOf(m);
			expect(Object.keys(integrity).sort(), m.id).toEqual(modelFiles(m).sort());
		}
		const m = getModel(SMALL);
		for (const f of modelFiles(m)) {
			const data = readFileSync(join(ASSET_ROOT, 'models', SMALL, f));
			expect(integrityOf(m)[f]).toEqual({ bytes: data.length, sha256: createHash('sha256').update(data).digest('hex') });
			expect(await sha256Hex(data)).toBe(integrityOf(m)[f].sha256); // SubtleCrypto, as in the browser
		}
		expect(expectedFor(`/base/models/${SMALL}/model.json?x=1`)?.file).toBe('model.json');
		expect(expectedFor('/data/set/labels.csv')).toBeNull();
	});

	test('the loader names the missing shard, the damaged shard and the damaged model.json; intact files load', async () => {
		await useNodeBackend('wasm');
		const classes = await loadClassesFromDisk();
		const root = mkdtempSync(join(tmpdir(), 'arena-integrity-'));
		const dir = join(root, 'models', SMALL);
		const load = () => loadClassifier(getModel(SMALL), { baseUrl: root, classes, fetchFunc: verifyingFetch(fileFetch()) });
		cpSync(join(ASSET_ROOT, 'models', SMALL), dir, { recursive: true });
		const good = await load();
		good.dispose();

		const shard = getModel(SMALL).files.weights[0];
		const bytes = readFileSync(join(dir, shard));
		truncateSync(join(dir, shard), 1000);
		await expect(load()).rejects.toThrow(new RegExp(`model file ${shard} is damaged: 1000 bytes instead of ${bytes.length} \\(cut short\\)`));
		const flipped = Buffer.from(bytes);
		flipped[12345] ^= 0xff;
		writeFileSync(join(dir, shard), flipped);
		await expect(load()).rejects.toThrow(new RegExp(`model file ${shard} is damaged: its SHA-256 is`));
		writeFileSync(join(dir, shard), bytes);
		const json = getModel(SMALL).files.any_size!;
		const original = readFileSync(join(dir, json), 'utf8');
		writeFileSync(join(dir, json), original.replace('"format"', '"formaT"'));
		await expect(load()).rejects.toThrow(new RegExp(`model file ${json} is damaged`));
		writeFileSync(join(dir, json), original);
		rmSync(join(dir, shard));
		await expect(load()).rejects.toThrow(new RegExp(`model file ${shard} is missing \\(HTTP 404\\)`));
	}, 60_000);
});

/** Web Locks semantics that GameLock relies on: ifAvailable gets null when held; steal aborts the holder's request. */
class FakeLocks implements LockManagerLike {
	private held = new Map<string, { abort: () => void }>();
	request(name: string, options: { ifAvailable?: boolean; steal?: boolean }, callback: (lock: unknown) => unknown): Promise<unknown> {
		const holder = this.held.get(name);
		if (holder && options.ifAvailable) return Promise.resolve(callback(null));
		if (holder && !options.steal) return Promise.reject(new Error('queueing is not modelled'));
		holder?.abort();
		return new Promise((resolve, reject) => {
			const entry = { abort: () => reject(Object.assign(new Error('stolen'), { name: 'AbortError' })) };
			this.held.set(name, entry);
			Promise.resolve(callback({ name })).then((v) => {
				if (this.held.get(name) === entry) this.held.delete(name);
				resolve(v);
			});
		});
	}
}

describe('one tab per game', () => {
	test('a second tab is refused, can take the game over, and the first is told it lost it', async () => {
		const locks = new FakeLocks();
		const first = new GameLock(locks), second = new GameLock(locks);
		let lost = 0;
		first.onLost(() => lost++);
		expect(await first.acquire('g1')).toBe(true);
		expect(await second.acquire('g1')).toBe(false);
		expect(await new GameLock(locks).acquire('g2')).toBe(true); // another game is free
		expect(await second.takeOver()).toBe(true);
		await Promise.resolve();
		expect(lost).toBe(1);
		expect(first.held).toBe(false);
		expect(second.held).toBe(true);
		second.release();
		await new Promise((r) => setTimeout(r, 0));
		expect(await first.acquire('g1')).toBe(true);
		expect(lost).toBe(1);
	});
	test('without the Web Locks API every tab plays, as before', async () => {
		const lock = new GameLock(null);
		expect(await lock.acquire('g')).toBe(true);
		expect(await new GameLock(null).acquire('g')).toBe(true);
	});
});
