// IndexedDB: every answered round is stored the moment it is answered; damaged records are set aside.
import { openDB, type IDBPDatabase } from 'idb';
import type { Round, Session } from '../arena/round';
import { checkRound, checkSession, salvageSession } from './exchange';
import { roundForStorage, sessionForStorage } from '../schema/records';
import { checkOverwrite, GameGoneError, RoundConflictError } from './ledger';
import { dedupeRounds, uniqueMessages } from '../arena/identity';

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
	/**
	 * Messages for the user when something was wrong (store unavailable, records set aside), each once: what
	 * the last read of the saved games and of the imports found, plus what opening the store found.
	 */
	readonly warnings: string[];
	/** Set when nothing is saved across visits (storage unusable): why. Games are then played in memory. */
	readonly unavailable: string | null;
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
	/** Many imports in one transaction per chunk (thousands of games do not each pay for a transaction). */
	putImports(list: ImportedSession[], onProgress?: (done: number) => void): Promise<void>;
	deleteImport(id: string): Promise<void>;
}

function explain(e: unknown): string {
	const err = e as DOMException;
	if (err?.name === 'QuotaExceededError') return 'the browser storage is full: export your session to keep it';
	return err?.message ?? String(e);
}

/** What an imported record is once read through the schemas: known fields only, one round per position. */
function readImport(x: unknown): ImportedSession | string {
	const v = (x && typeof x === 'object' ? x : {}) as Partial<ImportedSession>;
	const session = checkSession(v.session);
	if (typeof session === 'string') return session;
	if (!Array.isArray(v.rounds)) return 'no rounds';
	const rounds: Round[] = [];
	for (const r of v.rounds) {
		const c = checkRound(r);
		if (typeof c === 'string') return c;
		if (c.sessionId === session.id) rounds.push(c);
	}
	return {
		id: typeof v.id === 'string' ? v.id : session.id,
		session,
		rounds: dedupeRounds(rounds).rounds,
		file: typeof v.file === 'string' ? v.file.slice(0, 200) : '',
		importedAt: typeof v.importedAt === 'string' ? v.importedAt : ''
	};
}

const IMPORT_CHUNK = 500;

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
		return memoryStore(`Saved games are unavailable (${explain(e)}): games are played in memory, kept only until the tab closes. Export a game at its end to keep it.`);
	}
	// Each read replaces its own notes, so a second visit of a page never lists the same note twice.
	const notes = { sessions: [] as string[], imports: [] as string[] };

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
	/** Set aside what can be; what cannot (storage full) is skipped on this read and left in place. Returns how many moved. */
	async function setAsideAll(store: 'sessions' | 'rounds' | 'imports', list: [IDBValidKey, unknown, string][], found: string[]) {
		let moved = 0;
		let failed = '';
		for (const [k, v, why] of list)
			await setAside(store, k, v, why).then(
				() => moved++,
				(e) => (failed = explain(e))
			);
		if (failed) found.push(`Some damaged saved records could not be set aside (${failed}): they are skipped, and left where they are.`);
		return moved;
	}

	const store: Store = {
		get warnings() {
			return uniqueMessages([...notes.sessions, ...notes.imports]);
		},
		unavailable: null,
		async sessions() {
			const found: string[] = [];
			try {
				return await readSessions(found);
			} catch (e) {
				// Whatever is wrong with the store itself, the page shows a note and goes on with no saved games.
				found.push(`The saved games could not be read (${explain(e)}); nothing was deleted.`);
				return [];
			} finally {
				notes.sessions = found;
			}
		},
		// Written through the schemas they are read back with (a name cut to length, a time clamped to a day).
		putSession: (s) => guard('save the session', async () => void (await db.put('sessions', sessionForStorage(s)))),
		async putRound(unchecked) {
			try {
				const r = roundForStorage(unchecked);
				const tx = db.transaction(['sessions', 'rounds', 'setAside'], 'readwrite');
				// A round whose game record is gone (deleted in another tab) is refused: it would be an orphan.
				if ((await tx.objectStore('sessions').getKey(r.sessionId)) === undefined) throw new GameGoneError(r.sessionId);
				const rounds = tx.objectStore('rounds');
				const saved: unknown = await rounds.get([r.sessionId, r.index]);
				const existing = saved === undefined ? undefined : checkRound(saved);
				if (typeof existing === 'string') // a damaged copy: kept aside, never just overwritten
					await tx.objectStore('setAside').add({ store: 'rounds', key: [r.sessionId, r.index], value: saved, why: existing, at: new Date().toISOString() });
				else checkOverwrite(existing, r);
				await rounds.put(r);
				await tx.done;
			} catch (e) {
				if (e instanceof RoundConflictError || e instanceof GameGoneError) throw e;
				throw new Error(`Could not save the round: ${explain(e)}`);
			}
		},
		deleteSession: (id) =>
			guard('delete the session', async () => {
				const tx = db.transaction(['sessions', 'rounds'], 'readwrite');
				await tx.objectStore('sessions').delete(id);
				// Every round of the game, whatever key it was stored under (a damaged store may lack the index).
				let c = await tx.objectStore('rounds').openCursor();
				while (c) {
					if ((c.value as { sessionId?: unknown })?.sessionId === id) await c.delete();
					c = await c.continue();
				}
				await tx.done;
			}),
		async imports() {
			const found: string[] = [];
			try {
				const out: ImportedSession[] = [];
				const bad: [IDBValidKey, unknown, string][] = [];
				let cursor = await db.transaction('imports').store.openCursor();
				while (cursor) {
					const i = readImport(cursor.value);
					if (typeof i === 'string') bad.push([cursor.key, cursor.value, i]);
					else out.push(i);
					cursor = await cursor.continue();
				}
				const moved = await setAsideAll('imports', bad, found);
				if (moved) found.push(`${moved} damaged imported session${moved > 1 ? 's were' : ' was'} set aside (kept, not deleted).`);
				return out;
			} catch (e) {
				found.push(`The imported games could not be read (${explain(e)}); nothing was deleted.`);
				return [];
			} finally {
				notes.imports = found;
			}
		},
		putImport: (i) => guard('save the import', async () => void (await db.put('imports', i))),
		putImports: (list, onProgress) =>
			guard('save the import', async () => {
				for (let k = 0; k < list.length; k += IMPORT_CHUNK) {
					const tx = db.transaction('imports', 'readwrite');
					for (const i of list.slice(k, k + IMPORT_CHUNK)) void tx.store.put(i);
					await tx.done;
					onProgress?.(Math.min(list.length, k + IMPORT_CHUNK));
				}
			}),
		deleteImport: (id) => guard('delete the import', async () => void (await db.delete('imports', id)))
	};
	return store;

	async function readSessions(warnings: string[]): Promise<SavedGame[]> {
			const out = new Map<string, SavedGame>();
			const badSessions: [IDBValidKey, unknown, string][] = [];
			let cursor = await db.transaction('sessions').store.openCursor();
			while (cursor) {
				const s = checkSession(cursor.value);
				if (typeof s === 'string') badSessions.push([cursor.key, cursor.value, s]);
				else if (out.has(s.id)) badSessions.push([cursor.key, cursor.value, 'the same game stored twice']);
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
			const bad = (await setAsideAll('sessions', badSessions, warnings)) + (await setAsideAll('rounds', badRounds, warnings));
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
			for (const e of out.values()) {
				// One round per position, whatever keys the store held them under (the first kept).
				const { rounds, conflicting } = dedupeRounds(e.rounds);
				e.rounds = rounds;
				if (conflicting.length)
					warnings.push(`The game of ${e.session.player}: round${conflicting.length > 1 ? 's' : ''} ${conflicting.map((r) => r.index + 1).join(', ')} stored twice with different answers: the first one is shown.`);
			}
			return [...out.values()].sort((a, b) => b.session.createdAt.localeCompare(a.session.createdAt));
	}
}

/** A store kept in memory (storage unusable): the same checks on write as the real one. */
export function memoryStore(unavailable: string): Store {
	const sessions = new Map<string, Session>();
	const rounds = new Map<string, Round>();
	const imports = new Map<string, ImportedSession>();
	return {
		warnings: [unavailable],
		unavailable,
		async sessions() {
			return [...sessions.values()].map((session) => ({
				session,
				rounds: [...rounds.values()].filter((r) => r.sessionId === session.id).sort((a, b) => a.index - b.index)
			}));
		},
		async putSession(s) { sessions.set(s.id, sessionForStorage(s)); },
		async putRound(unchecked) {
			const r = roundForStorage(unchecked);
			if (!sessions.has(r.sessionId)) throw new GameGoneError(r.sessionId);
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
		async putImports(list, onProgress) {
			for (const i of list) imports.set(i.id, i);
			onProgress?.(list.length);
		},
		async deleteImport(id) { imports.delete(id); }
	};
}
