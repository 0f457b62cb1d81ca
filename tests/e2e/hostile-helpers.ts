// Shared by the hostile e2e files: records as the app stores them, written straight into its IndexedDB (as damage
// or another tab would leave them) and read back.
import type { Page } from 'playwright-core';
import type { Round, Session } from '../../src/lib/arena/round';
import { DEFAULT_CONFIG } from '../../src/lib/arena/session';

export const SET = 'ilsvrc2012_val_acuity1300';
export const PHOTO = 'ILSVRC2012_val_00000347.JPEG';
export const PHOTO2 = 'ILSVRC2012_val_00000355.JPEG';
export const MODEL = 'tflite-mobilenet-v2-1.0-224';

export const session = (id: string, player: string, n = 5, extra: Partial<Session['config']> = {}): Session => ({
	id, player, config: { ...DEFAULT_CONFIG, set: SET, model: MODEL, n, ...extra }, createdAt: '2026-11-25T10:00:00Z', source: 'local'
});
export const round = (sessionId: string, i: number, extra: Partial<Round> = {}): Round => ({
	sessionId, index: i, set: SET, image: PHOTO, truth: 10 + i, real: [10 + i], human: [10 + i],
	model: [{ classIndex: 500, probability: 0.7 }], humanMs: 3000, timedOut: false, assisted: false, humanTags: [], modelTags: [],
	mode: 'challenge', modelId: MODEL, backend: 'wasm', answeredAt: '2026-11-25T10:01:00Z', ...extra
});

/**
 * Write records straight into the app's IndexedDB. `outOfLineRounds`: the rounds store keeps its own keys (as
 * a store damaged or written by another version may), so one round can be stored twice under different keys.
 */
export async function seed(p: Page, records: { store: string; value: unknown }[], opts: { outOfLineRounds?: boolean } = {}) {
	await p.evaluate(
		async ({ records, outOfLine }) => {
			const db: IDBDatabase = await new Promise((ok, fail) => {
				const r = indexedDB.open('convnet-arena', 1);
				r.onupgradeneeded = () => {
					r.result.createObjectStore('sessions', { keyPath: 'id' });
					(outOfLine ? r.result.createObjectStore('rounds', { autoIncrement: true }) : r.result.createObjectStore('rounds', { keyPath: ['sessionId', 'index'] })).createIndex('bySession', 'sessionId');
					r.result.createObjectStore('imports', { keyPath: 'id' });
					r.result.createObjectStore('setAside', { autoIncrement: true });
				};
				r.onsuccess = () => ok(r.result);
				r.onerror = () => fail(r.error);
			});
			const tx = db.transaction(['sessions', 'rounds', 'imports'], 'readwrite');
			for (const { store, value } of records) tx.objectStore(store).put(value);
			await new Promise((ok) => (tx.oncomplete = ok));
			db.close();
		},
		{ records, outOfLine: !!opts.outOfLineRounds }
	);
}

/** Every record of one store of the app's IndexedDB. */
export function readAll<T = unknown>(p: Page, store: string): Promise<T[]> {
	return p.evaluate(async (store) => {
		const db: IDBDatabase = await new Promise((ok) => (indexedDB.open('convnet-arena', 1).onsuccess = (e) => ok((e.target as IDBOpenDBRequest).result)));
		const all: unknown[] = await new Promise((ok) => (db.transaction(store).objectStore(store).getAll().onsuccess = (e) => ok((e.target as IDBRequest<unknown[]>).result)));
		db.close();
		return all;
	}, store) as Promise<T[]>;
}

/** Delete one record of the app's IndexedDB (what another tab's delete does). */
export function deleteRecord(p: Page, store: string, key: string) {
	return p.evaluate(
		async ({ store, key }) => {
			const db: IDBDatabase = await new Promise((ok) => (indexedDB.open('convnet-arena', 1).onsuccess = (e) => ok((e.target as IDBOpenDBRequest).result)));
			const tx = db.transaction(store, 'readwrite');
			tx.objectStore(store).delete(key);
			await new Promise((ok) => (tx.oncomplete = ok));
			db.close();
		},
		{ store, key }
	);
}

/** An export file of one game, as the app writes it. */
export const exportFile = (name: string, s: Session, rounds: unknown[], extra: Record<string, unknown> = {}) => ({
	name, mimeType: 'application/json', buffer: Buffer.from(JSON.stringify({ format: 'convnet-arena-session', version: 1, session: s, rounds, ...extra }))
});
