// IndexedDB: every answered round is stored the moment it is answered; damaged records are set aside.
import { openDB, type IDBPDatabase } from 'idb';
import type { Round, Session } from '../arena/round';
import { checkRound, checkSession, salvageSession } from './exchange';
import { roundForStorage, sessionForStorage } from '../schema/records';
import { checkOverwrite, RoundConflictError } from './ledger';

const DB_NAME = 'convnet-arena';
const DB_VERSION = 1;

export interface ImportedSession {
	id: string;
	session: Session;
	rounds: Round[];
	file: string;
	importedAt: string;
}

export interface SavedGame {
	session: Session;
	rounds: Round[];
	/** Set when the game's own record was damaged: the session shown is pieced together from what was readable (not resumable unless `resumable`). */
	damaged?: { why: string; resumable: boolean };
}

export interface Store {
	/** A message for the user when something was wrong (store unavailable, records set aside). */
	warnings: string[];
	sessions(): Promise<SavedGame[]>;
	putSession(s: Session): Promise<void>;
	/**
	 * Save a round at its (sessionId, index). Throws RoundConflictError (and keeps the saved one) when that
	 * position already holds a different answer; the same answer with new tags is an update.
	 */
	putRound(r: Round): Promise<void>;
	deleteSession(id: string): Promise<void>;
	imports(): Promise<ImportedSession[]>;
	putImport(i: ImportedSession): Promise<void>;
	deleteImport(id: string): Promise<void>;
}

function explain(e: unknown): string {
	const err = e as DOMException;
	if (err?.name === 'QuotaExceededError') return 'the browser storage is full: export your session to keep it';
	return err?.message ?? String(e);
}

/** Open the store; if IndexedDB is unusable, fall back to memory (with a warning) rather than crash. */
export async function openStore(): Promise<Store> {
	let db: IDBPDatabase;
	try {
		db = await openDB(DB_NAME, DB_VERSION, {
			upgrade(d) {
				d.createObjectStore('sessions', { keyPath: 'id' });
				d.createObjectStore('rounds', { keyPath: ['sessionId', 'index'] }).createIndex('bySession', 'sessionId');
				d.createObjectStore('imports', { keyPath: 'id' });
				d.createObjectStore('setAside', { autoIncrement: true });
			}
		});
	} catch (e) {
		return memoryStore([`Saved games are unavailable (${explain(e)}): this game is kept only until the tab closes. Export it to keep it.`]);
	}
	const warnings: string[] = [];

	const guard = async <T>(what: string, f: () => Promise<T>): Promise<T> => {
		try {
			return await f();
		} catch (e) {
			throw new Error(`Could not ${what}: ${explain(e)}`);
		}
	};

	/** Move damaged records to 'setAside' (kept, never deleted), so the good ones load. */
	async function setAside(store: 'sessions' | 'rounds' | 'imports', key: IDBValidKey, value: unknown, why: string) {
		const tx = db.transaction([store, 'setAside'], 'readwrite');
		await tx.objectStore('setAside').add({ store, key, value, why, at: new Date().toISOString() });
		await tx.objectStore(store).delete(key);
		await tx.done;
	}

	return {
		warnings,
		async sessions() {
			const out = new Map<string, SavedGame>();
			let bad = 0;
			const badSessions: [IDBValidKey, unknown, string][] = [];
			let cursor = await db.transaction('sessions').store.openCursor();
			while (cursor) {
				const s = checkSession(cursor.value);
				if (typeof s === 'string') badSessions.push([cursor.key, cursor.value, s]);
				else out.set(s.id, { session: s, rounds: [] });
				cursor = await cursor.continue();
			}
			const badRounds: [IDBValidKey, unknown, string][] = [];
			const orphans = new Map<string, Round[]>();
			let rc = await db.transaction('rounds').store.openCursor();
			while (rc) {
				const r = checkRound(rc.value);
				if (typeof r === 'string') badRounds.push([rc.key, rc.value, r]);
				else if (out.has(r.sessionId)) out.get(r.sessionId)!.rounds.push(r);
				else orphans.set(r.sessionId, [...(orphans.get(r.sessionId) ?? []), r]);
				rc = await rc.continue();
			}
			for (const [k, v, why] of badSessions) await setAside('sessions', k, v, why).then(() => bad++);
			for (const [k, v, why] of badRounds) await setAside('rounds', k, v, why).then(() => bad++);
			if (bad) warnings.push(`${bad} damaged saved record${bad > 1 ? 's were' : ' was'} set aside (kept, not deleted); everything else loaded.`);
			// Good rounds whose game record is damaged or gone stay listed: the game is pieced together from
			// what is readable in its set-aside record and in the rounds themselves.
			if (orphans.size) {
				const damagedRecords = new Map<string, { value: unknown; why: string }>();
				for (const [, v, why] of badSessions) damagedRecords.set(String((v as { id?: unknown })?.id), { value: v, why });
				if (orphans.size > damagedRecords.size) {
					for (const a of (await db.getAll('setAside')) as { store: string; key: IDBValidKey; value: unknown; why: string }[])
						if (a.store === 'sessions' && !damagedRecords.has(String(a.key))) damagedRecords.set(String(a.key), { value: a.value, why: a.why });
				}
				for (const [id, rounds] of orphans) {
					const record = damagedRecords.get(id);
					const { session, resumable } = salvageSession(id, record?.value, rounds);
					const why = record ? `its record was damaged (${record.why})` : 'its record is missing';
					out.set(id, { session, rounds, damaged: { why, resumable } });
					if (resumable) await db.put('sessions', session).catch(() => {}); // repaired: the setup (seed included) survived
					warnings.push(`The game of ${session.player} (${rounds.length} saved round${rounds.length > 1 ? 's' : ''}): ${why}. Its rounds are still listed${resumable ? '' : '; it cannot be resumed'}.`);
				}
			}
			for (const e of out.values()) e.rounds.sort((a, b) => a.index - b.index);
			return [...out.values()].sort((a, b) => b.session.createdAt.localeCompare(a.session.createdAt));
		},
		// Written through the schemas they are read back with (a name cut to length, a time clamped to a day).
		putSession: (s) => guard('save the session', async () => void (await db.put('sessions', sessionForStorage(s)))),
		async putRound(unchecked) {
			try {
				const r = roundForStorage(unchecked);
				const tx = db.transaction(['rounds', 'setAside'], 'readwrite');
				const rounds = tx.objectStore('rounds');
				const saved: unknown = await rounds.get([r.sessionId, r.index]);
				const existing = saved === undefined ? undefined : checkRound(saved);
				if (typeof existing === 'string') // a damaged copy: kept aside, never just overwritten
					await tx.objectStore('setAside').add({ store: 'rounds', key: [r.sessionId, r.index], value: saved, why: existing, at: new Date().toISOString() });
				else checkOverwrite(existing, r);
				await rounds.put(r);
				await tx.done;
			} catch (e) {
				if (e instanceof RoundConflictError) throw e;
				throw new Error(`Could not save the round: ${explain(e)}`);
			}
		},
		deleteSession: (id) =>
			guard('delete the session', async () => {
				const tx = db.transaction(['sessions', 'rounds'], 'readwrite');
				await tx.objectStore('sessions').delete(id);
				for (const key of await tx.objectStore('rounds').index('bySession').getAllKeys(id)) await tx.objectStore('rounds').delete(key);
				await tx.done;
			}),
		async imports() {
			const out: ImportedSession[] = [];
			let cursor = await db.transaction('imports').store.openCursor();
			const bad: [IDBValidKey, unknown, string][] = [];
			while (cursor) {
				const v = cursor.value as ImportedSession;
				const s = checkSession(v?.session);
				const rounds = Array.isArray(v?.rounds) ? v.rounds.map(checkRound) : ['no rounds'];
				const why = typeof s === 'string' ? s : rounds.find((r) => typeof r === 'string');
				if (why) bad.push([cursor.key, cursor.value, String(why)]);
				else out.push(v);
				cursor = await cursor.continue();
			}
			for (const [k, v, why] of bad) await setAside('imports', k, v, why);
			if (bad.length) warnings.push(`${bad.length} damaged imported session(s) were set aside.`);
			return out;
		},
		putImport: (i) => guard('save the import', async () => void (await db.put('imports', i))),
		deleteImport: (id) => guard('delete the import', async () => void (await db.delete('imports', id)))
	};
}

function memoryStore(warnings: string[]): Store {
	const sessions = new Map<string, Session>();
	const rounds = new Map<string, Round>();
	const imports = new Map<string, ImportedSession>();
	return {
		warnings,
		async sessions() {
			return [...sessions.values()].map((session) => ({
				session,
				rounds: [...rounds.values()].filter((r) => r.sessionId === session.id).sort((a, b) => a.index - b.index)
			}));
		},
		async putSession(s) { sessions.set(s.id, s); },
		async putRound(r) {
			const key = `${r.sessionId}/${r.index}`;
			checkOverwrite(rounds.get(key), r);
			rounds.set(key, r);
		},
		async deleteSession(id) {
			sessions.delete(id);
			for (const [k, r] of rounds) if (r.sessionId === id) rounds.delete(k);
		},
		async imports() { return [...imports.values()]; },
		async putImport(i) { imports.set(i.id, i); },
		async deleteImport(id) { imports.delete(id); }
	};
}
