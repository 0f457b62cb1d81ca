// The room server's SQLite file (better-sqlite3, synchronous): rooms, seats and answers are the ledger the server
// validates against and acknowledges only after writing; `documents` holds the Yjs documents (the views the
// browsers sync), stored through @hocuspocus/extension-database.
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Phase, Photo, Reveal } from '../lib/live/protocol';

export interface RoomRow {
	code: string;
	secretHash: string;
	createdAt: number;
	photos: Photo[];
	phase: Phase;
	index: number;
	reveals: Record<number, Reveal>;
}
export interface SeatRow {
	code: string;
	id: string;
	keyHash: string;
	nick: string;
	joinedAt: number;
}

export class LiveStore {
	readonly db: Database.Database;

	constructor(file: string) {
		if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
		this.db = new Database(file);
		this.db.pragma('journal_mode = WAL');
		this.db.pragma('synchronous = NORMAL'); // WAL + NORMAL: a committed answer survives a killed process
		// Instances scaled out on one host share this file (docs/live-class.md): a writer waits for another's lock.
		this.db.pragma('busy_timeout = 5000');
		this.db.exec(`
			CREATE TABLE IF NOT EXISTS rooms (code TEXT PRIMARY KEY, secret_hash TEXT NOT NULL, created_at INTEGER NOT NULL,
				photos TEXT NOT NULL, phase TEXT NOT NULL, idx INTEGER NOT NULL, reveals TEXT NOT NULL);
			CREATE TABLE IF NOT EXISTS seats (code TEXT NOT NULL, id TEXT NOT NULL, key_hash TEXT NOT NULL, nick TEXT NOT NULL,
				joined_at INTEGER NOT NULL, PRIMARY KEY (code, id));
			CREATE TABLE IF NOT EXISTS answers (code TEXT NOT NULL, seat TEXT NOT NULL, photo INTEGER NOT NULL, guesses TEXT NOT NULL,
				at INTEGER NOT NULL, PRIMARY KEY (code, seat, photo));
			CREATE TABLE IF NOT EXISTS documents (name TEXT PRIMARY KEY, data BLOB NOT NULL);
			CREATE TABLE IF NOT EXISTS updates (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL, data BLOB NOT NULL);
			CREATE INDEX IF NOT EXISTS updates_name ON updates (name);
		`);
	}

	close() {
		this.db.close();
	}

	/** Statements are compiled once (an answer runs five of them). */
	private statements = new Map<string, Database.Statement>();
	private stmt(sql: string): Database.Statement {
		let st = this.statements.get(sql);
		if (!st) this.statements.set(sql, (st = this.db.prepare(sql)));
		return st;
	}

	room(code: string): RoomRow | null {
		const r = this.stmt('SELECT * FROM rooms WHERE code = ?').get(code) as Record<string, unknown> | undefined;
		if (!r) return null;
		return {
			code: r.code as string,
			secretHash: r.secret_hash as string,
			createdAt: r.created_at as number,
			photos: JSON.parse(r.photos as string),
			phase: r.phase as Phase,
			index: r.idx as number,
			reveals: JSON.parse(r.reveals as string)
		};
	}

	/** What an answer is checked against, without parsing the photos and reveals (the hot path). */
	roomState(code: string): { createdAt: number; phase: Phase; index: number; photoCount: number } | null {
		const r = this.stmt('SELECT created_at, phase, idx, json_array_length(photos) n FROM rooms WHERE code = ?').get(code) as
			| { created_at: number; phase: Phase; idx: number; n: number }
			| undefined;
		return r ? { createdAt: r.created_at, phase: r.phase, index: r.idx, photoCount: r.n } : null;
	}

	hasRoom(code: string): boolean {
		return this.stmt('SELECT 1 FROM rooms WHERE code = ?').get(code) !== undefined;
	}

	roomCount(): number {
		return (this.stmt('SELECT COUNT(*) n FROM rooms').get() as { n: number }).n;
	}

	addRoom(r: RoomRow) {
		this.stmt('INSERT INTO rooms (code, secret_hash, created_at, photos, phase, idx, reveals) VALUES (?, ?, ?, ?, ?, ?, ?)')
			.run(r.code, r.secretHash, r.createdAt, JSON.stringify(r.photos), r.phase, r.index, JSON.stringify(r.reveals));
	}

	setRoomState(code: string, phase: Phase, index: number, reveals: Record<number, Reveal>) {
		this.stmt('UPDATE rooms SET phase = ?, idx = ?, reveals = ? WHERE code = ?').run(phase, index, JSON.stringify(reveals), code);
	}

	deleteRoom(code: string) {
		this.db.transaction(() => {
			for (const t of ['rooms', 'seats', 'answers']) this.stmt(`DELETE FROM ${t} WHERE code = ?`).run(code);
			for (const t of ['documents', 'updates']) this.stmt(`DELETE FROM ${t} WHERE name = ? OR name LIKE ?`).run(`live/${code}`, `live/${code}/%`);
		})();
	}

	/** Codes of rooms created before `before` (ms since epoch). */
	expired(before: number): string[] {
		return (this.stmt('SELECT code FROM rooms WHERE created_at < ?').all(before) as { code: string }[]).map((r) => r.code);
	}

	seat(code: string, id: string): SeatRow | null {
		const r = this.stmt('SELECT * FROM seats WHERE code = ? AND id = ?').get(code, id) as Record<string, unknown> | undefined;
		return r ? { code, id, keyHash: r.key_hash as string, nick: r.nick as string, joinedAt: r.joined_at as number } : null;
	}

	seats(code: string): SeatRow[] {
		return (this.stmt('SELECT * FROM seats WHERE code = ? ORDER BY joined_at').all(code) as Record<string, unknown>[]).map((r) => ({
			code,
			id: r.id as string,
			keyHash: r.key_hash as string,
			nick: r.nick as string,
			joinedAt: r.joined_at as number
		}));
	}

	seatCount(code: string): number {
		return (this.stmt('SELECT COUNT(*) n FROM seats WHERE code = ?').get(code) as { n: number }).n;
	}

	addSeat(s: SeatRow) {
		this.stmt('INSERT INTO seats (code, id, key_hash, nick, joined_at) VALUES (?, ?, ?, ?, ?)').run(s.code, s.id, s.keyHash, s.nick, s.joinedAt);
	}

	removeSeat(code: string, id: string) {
		this.db.transaction(() => {
			this.stmt('DELETE FROM seats WHERE code = ? AND id = ?').run(code, id);
			this.stmt('DELETE FROM answers WHERE code = ? AND seat = ?').run(code, id);
		})();
	}

	answer(code: string, seat: string, photo: number): number[] | null {
		const r = this.stmt('SELECT guesses FROM answers WHERE code = ? AND seat = ? AND photo = ?').get(code, seat, photo) as { guesses: string } | undefined;
		return r ? JSON.parse(r.guesses) : null;
	}

	/** Inserts one answer; false when this seat already answered this photo (the primary key refuses a second). */
	addAnswer(code: string, seat: string, photo: number, guesses: number[], at: number): boolean {
		const r = this.stmt('INSERT OR IGNORE INTO answers (code, seat, photo, guesses, at) VALUES (?, ?, ?, ?, ?)').run(code, seat, photo, JSON.stringify(guesses), at);
		return r.changes === 1;
	}

	answers(code: string): { seat: string; photo: number; guesses: number[] }[] {
		return (this.stmt('SELECT seat, photo, guesses FROM answers WHERE code = ?').all(code) as { seat: string; photo: number; guesses: string }[]).map((r) => ({
			seat: r.seat,
			photo: r.photo,
			guesses: JSON.parse(r.guesses)
		}));
	}

	answersFor(code: string, photo: number): number[][] {
		return (this.stmt('SELECT guesses FROM answers WHERE code = ? AND photo = ?').all(code, photo) as { guesses: string }[]).map((r) => JSON.parse(r.guesses));
	}

	answerCount(code: string, photo: number): number {
		return (this.stmt('SELECT COUNT(*) n FROM answers WHERE code = ? AND photo = ?').get(code, photo) as { n: number }).n;
	}

	/** The stored state of a document and the updates appended since, oldest first. */
	loadDocument(name: string): Uint8Array[] {
		const r = this.stmt('SELECT data FROM documents WHERE name = ?').get(name) as { data: Buffer } | undefined;
		const updates = this.stmt('SELECT data FROM updates WHERE name = ? ORDER BY id').all(name) as { data: Buffer }[];
		return [...(r ? [r.data] : []), ...updates.map((u) => u.data)].map((b) => new Uint8Array(b));
	}

	/** The whole state (Hocuspocus's debounced store): it replaces the updates appended before it. */
	storeDocument(name: string, data: Uint8Array) {
		if (!this.db.open) return; // a late store while the server closes
		this.db.transaction(() => {
			this.stmt('INSERT INTO documents (name, data) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET data = excluded.data').run(name, Buffer.from(data));
			this.stmt('DELETE FROM updates WHERE name = ?').run(name);
		})();
	}

	/** One change, appended at once (small, unlike the whole state): a killed server loses none. */
	appendUpdate(name: string, update: Uint8Array) {
		if (!this.db.open) return;
		this.stmt('INSERT INTO updates (name, data) VALUES (?, ?)').run(name, Buffer.from(update));
	}
}
