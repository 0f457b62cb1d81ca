// The rooms: who may do what. Every change goes through here; the SQLite ledger (store.ts) is written first and the
// Yjs documents the browsers read are projections of it, so a student or the teacher never writes a document.
import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import * as Y from 'yjs';
import {
	AnswerMessage,
	CODE_ALPHABET,
	CODE_LENGTH,
	type CreateRoomBody,
	type JoinBody,
	type JoinResult,
	type Photo,
	type Reply,
	type Reveal,
	type TeacherCommand,
	publicDocName,
	tally,
	teacherDocName
} from '../lib/live/protocol';
import { LocalBus, type ProjectDocs, type RoomBus, type RoomEvent } from './bus';
import type { LiveLimits } from './limits';
import type { LiveStore, RoomRow } from './store';

export class LiveError extends Error {
	constructor(
		message: string,
		readonly status = 400
	) {
		super(message);
	}
}

const hash = (s: string) => createHash('sha256').update(s).digest('hex');
const token = (bytes = 24) => randomBytes(bytes).toString('base64url');
function sameHash(a: string, b: string) {
	const x = Buffer.from(a), y = Buffer.from(b);
	return x.length === y.length && timingSafeEqual(x, y);
}

/** A loaded document the rooms may change (Hocuspocus's Document is a Y.Doc). */
export type DocLookup = (name: string) => Y.Doc | undefined;

export type Identity = { role: 'teacher'; code: string } | { role: 'student'; code: string; seat: string };

export class LiveRooms {
	/** Set by the server: the documents Hocuspocus holds in memory now. */
	loaded: DocLookup = () => undefined;
	/** Set by the server: the codes of the rooms with a document loaded here. */
	openRooms: () => Iterable<string> = () => [];
	/** Set by the server: close every connection of a seat (removed) or a room (deleted). */
	kick: (code: string, seat: string | null) => void = () => {};

	/** Answers written to the ledger whose documents are not yet updated: one document transaction per room per tick. */
	private pending = new Map<string, [number, string, number[]][]>();
	private flushing: ReturnType<typeof setImmediate> | null = null;

	constructor(
		readonly store: LiveStore,
		readonly limits: LiveLimits,
		private now: () => number = Date.now,
		/** The other instances sharing this ledger (Redis), or none. */
		readonly bus: RoomBus = new LocalBus()
	) {
		bus.receive = (e) => this.receive(e);
	}

	/** Another instance changed the shared ledger: bring this instance's documents (and connections) in line. */
	private receive(e: RoomEvent) {
		if (e.t === 'answers') this.writeAnswers(e.code, e.items);
		else if (e.t === 'project') this.project(e.code, e.docs);
		else if (e.t === 'kick') this.kick(e.code, e.seat);
		else for (const code of this.openRooms()) this.project(code);
	}

	private live(code: string): RoomRow {
		const room = this.store.room(code);
		if (!room || this.now() - room.createdAt > this.limits.roomTtlMs) throw new LiveError('no such room (a room lasts one day)', 404);
		return room;
	}

	createRoom(body: CreateRoomBody): { code: string; secret: string } {
		this.sweep();
		if (this.store.roomCount() >= this.limits.roomsPerServer)
			throw new LiveError(`this server already holds ${this.limits.roomsPerServer} rooms, its limit: end one, or wait until one expires`, 503);
		let code = '';
		do code = Array.from({ length: CODE_LENGTH }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]).join('');
		while (this.store.room(code));
		const secret = token();
		this.store.addRoom({ code, secretHash: hash(secret), createdAt: this.now(), photos: body.photos, phase: 'lobby', index: 0, reveals: {} });
		return { code, secret };
	}

	/** Who a provider's token says it is, or an error; both roles connect read-only. */
	authenticate(t: { role: 'teacher'; code: string; secret: string } | { role: 'student'; code: string; id: string; key: string }, documentName: string): Identity {
		const room = this.live(t.code);
		if (t.role === 'teacher') {
			if (!sameHash(hash(t.secret), room.secretHash)) throw new LiveError('wrong room secret', 403);
			if (documentName !== publicDocName(t.code) && documentName !== teacherDocName(t.code)) throw new LiveError('not this room', 403);
			return { role: 'teacher', code: t.code };
		}
		const seat = this.store.seat(t.code, t.id);
		if (!seat || !sameHash(hash(t.key), seat.keyHash)) throw new LiveError('no such seat in this room', 403);
		if (documentName !== publicDocName(t.code)) throw new LiveError('students read the room only', 403);
		return { role: 'student', code: t.code, seat: t.id };
	}

	join(body: JoinBody): JoinResult {
		const room = this.live(body.code);
		if (body.seat) {
			const seat = this.store.seat(body.code, body.seat.id);
			if (seat && sameHash(hash(body.seat.key), seat.keyHash)) return { seat: body.seat, nick: seat.nick, answers: this.answersOf(body.code, seat.id) };
			// A seat the teacher removed (or a stale one): join afresh below.
		}
		if (room.phase === 'end') throw new LiveError('this class has ended');
		if (this.store.seatCount(body.code) >= this.limits.studentsPerRoom)
			throw new LiveError(`this room is full (${this.limits.studentsPerRoom} students)`, 409);
		if (this.store.seats(body.code).some((s) => s.nick.toLowerCase() === body.nick.toLowerCase())) throw new LiveError('that nickname is taken in this room: pick another', 409);
		const seat = { id: randomBytes(6).toString('hex'), key: token() };
		this.store.addSeat({ code: body.code, id: seat.id, keyHash: hash(seat.key), nick: body.nick, joinedAt: this.now() });
		this.projectEverywhere(body.code, 'teacher'); // the room's document holds no seats
		return { seat, nick: body.nick, answers: {} };
	}

	private answersOf(code: string, seat: string): Record<number, number[]> {
		const out: Record<number, number[]> = {};
		for (const a of this.store.answers(code)) if (a.seat === seat) out[a.photo] = a.guesses;
		return out;
	}

	/** A student's answer (already parsed): written to the ledger, then to the documents. */
	answer(who: Identity & { role: 'student' }, msg: AnswerMessage): Reply {
		// The lean row (no JSON parsing): 200 students answering within a second make this the server's hot path.
		const room = this.store.roomState(who.code);
		if (!room || this.now() - room.createdAt > this.limits.roomTtlMs) throw new LiveError('no such room (a room lasts one day)', 404);
		if (!this.store.seat(who.code, who.seat)) return { type: 'error', message: 'you were removed from this room' };
		if (room.phase === 'lobby') return { type: 'error', message: 'the class has not started yet', photo: msg.photo };
		if (msg.photo >= room.photoCount) return { type: 'error', message: 'no such photo', photo: msg.photo };
		if (msg.photo > room.index) return { type: 'error', message: 'that photo has not been shown yet', photo: msg.photo };
		if (!this.store.addAnswer(who.code, who.seat, msg.photo, msg.guesses, this.now())) {
			// One answer per seat and photo (the primary key; also when two instances take it at the same moment).
			// A resend after a lost acknowledgement is acknowledged again; a different second answer is refused.
			const had = this.store.answer(who.code, who.seat, msg.photo);
			return JSON.stringify(had) === JSON.stringify(msg.guesses)
				? { type: 'ack', photo: msg.photo, guesses: msg.guesses }
				: { type: 'error', message: 'you already answered this photo', photo: msg.photo };
		}
		// The ledger is written (the acknowledgement may go); the documents follow once per tick, so a burst of
		// answers is one document update, one stored update and one Redis event instead of one per answer.
		const queue = this.pending.get(who.code) ?? [];
		queue.push([msg.photo, who.seat, msg.guesses]);
		this.pending.set(who.code, queue);
		this.flushing ??= setImmediate(() => this.flush());
		return { type: 'ack', photo: msg.photo, guesses: msg.guesses };
	}

	/** Writes the queued answers into the teacher's documents here, and tells the other instances. */
	flush() {
		if (this.flushing) clearImmediate(this.flushing);
		this.flushing = null;
		const batches = [...this.pending];
		this.pending.clear();
		for (const [code, items] of batches) {
			this.writeAnswers(code, items);
			this.bus.publish({ code, t: 'answers', items });
		}
	}

	/** Only the teacher's document changes: a count in the room's document would go to every student on every
	 * answer (N students x N answers per photo). */
	private writeAnswers(code: string, items: [number, string, number[]][]) {
		this.change(teacherDocName(code), (doc) => {
			const answers = doc.getMap('answers');
			for (const [photo, seat, guesses] of items) setIfChanged(answers, `${photo}:${seat}`, guesses);
			const answered = doc.getMap('answered');
			for (const photo of new Set(items.map((x) => x[0]))) setIfChanged(answered, String(photo), this.store.answerCount(code, photo));
		});
	}

	command(code: string, cmd: TeacherCommand): Reply | null {
		const room = this.live(code);
		const { phase, index } = room;
		const reveals = { ...room.reveals };
		switch (cmd.type) {
			case 'start':
				if (phase !== 'lobby') return { type: 'error', message: 'the class already started' };
				this.store.setRoomState(code, 'photo', 0, reveals);
				break;
			case 'reveal': {
				if (phase !== 'photo' || cmd.photo !== index) return { type: 'error', message: 'only the photo on screen can be revealed' };
				const t = tally(this.store.answersFor(code, index), cmd.truth);
				reveals[index] = { truth: cmd.truth, real: cmd.real, model: cmd.model, ...t, modelRight: cmd.model.slice(0, 5).some((m) => m.classIndex === cmd.truth) } satisfies Reveal;
				this.store.setRoomState(code, 'reveal', index, reveals);
				break;
			}
			case 'next':
				if (phase !== 'reveal') return { type: 'error', message: 'reveal this photo first' };
				if (index + 1 >= room.photos.length) this.store.setRoomState(code, 'end', index, reveals);
				else this.store.setRoomState(code, 'photo', index + 1, reveals);
				break;
			case 'end':
				this.store.setRoomState(code, 'end', index, reveals);
				break;
			case 'remove':
				this.store.removeSeat(code, cmd.student);
				this.kick(code, cmd.student);
				this.bus.publish({ code, t: 'kick', seat: cmd.student });
				// The pace is unchanged; the seat and its answers leave the teacher's document.
				this.projectEverywhere(code, 'teacher');
				return null;
			case 'delete':
				this.deleteRoom(code);
				return null;
		}
		// start, reveal, next, end: only the room's document changes (the teacher's holds seats and answers).
		this.projectEverywhere(code, 'public');
		return null;
	}

	deleteRoom(code: string) {
		this.pending.delete(code);
		this.kick(code, null);
		this.bus.publish({ code, t: 'kick', seat: null });
		this.store.deleteRoom(code);
	}

	/** Deletes the rooms older than a day; returns how many. */
	sweep(): number {
		const old = this.store.expired(this.now() - this.limits.roomTtlMs);
		for (const code of old) this.deleteRoom(code);
		return old.length;
	}

	/** Here and on every other instance. */
	private projectEverywhere(code: string, docs: ProjectDocs) {
		this.flush(); // answers queued before this change go first
		this.project(code, docs);
		this.bus.publish({ code, t: 'project', docs });
	}

	/** A document just loaded on this instance: events that came while it loaded are in the ledger; project it. */
	refresh(name: string, doc: Y.Doc) {
		const m = /^live\/([A-Z0-9]+)(\/teacher)?$/.exec(name);
		if (!m || !this.store.room(m[1])) return;
		doc.transact(() => (m[2] ? this.projectTeacher(m[1], doc) : this.projectPublic(m[1], doc)), 'server');
	}

	/** Brings both loaded documents of a room in line with the ledger. */
	project(code: string, docs: ProjectDocs = 'both') {
		if (docs !== 'teacher') this.change(publicDocName(code), (doc) => this.projectPublic(code, doc));
		if (docs !== 'public') this.change(teacherDocName(code), (doc) => this.projectTeacher(code, doc));
	}

	/** The stored document, brought in line with the ledger (a document is loaded through this after a restart). */
	loadDocument(name: string, stored: Uint8Array[]): Uint8Array | null {
		const m = /^live\/([A-Z0-9]+)(\/teacher)?$/.exec(name);
		if (!m || !this.store.room(m[1])) return null;
		const doc = new Y.Doc();
		for (const u of stored) Y.applyUpdate(doc, u);
		doc.transact(() => (m[2] ? this.projectTeacher(m[1], doc) : this.projectPublic(m[1], doc)));
		return Y.encodeStateAsUpdate(doc);
	}

	private change(name: string, fn: (doc: Y.Doc) => void) {
		const doc = this.loaded(name);
		if (!doc) return; // not open: it is projected from the ledger when it is next loaded
		const before = Y.encodeStateVector(doc);
		doc.transact(() => fn(doc), 'server');
		// The change is stored at once, not after Hocuspocus's debounce: a server killed a moment later restarts with it.
		if (this.store.hasRoom(name.split('/')[1])) this.store.appendUpdate(name, Y.encodeStateAsUpdate(doc, before));
	}

	private projectPublic(code: string, doc: Y.Doc) {
		const room = this.store.room(code);
		if (!room) return;
		const map = doc.getMap('room');
		setIfChanged(map, 'phase', room.phase);
		setIfChanged(map, 'index', room.index);
		setIfChanged(map, 'photos', room.photos as Photo[]);
		setIfChanged(map, 'createdAt', room.createdAt);
		const reveals = doc.getMap('reveals');
		for (const [i, r] of Object.entries(room.reveals)) setIfChanged(reveals, i, r);
	}

	private projectTeacher(code: string, doc: Y.Doc) {
		const students = doc.getMap('students');
		const seats = this.store.seats(code);
		const ids = new Set(seats.map((s) => s.id));
		for (const s of seats) setIfChanged(students, s.id, { nick: s.nick, joinedAt: s.joinedAt });
		for (const k of [...students.keys()]) if (!ids.has(k)) students.delete(k);
		const answers = doc.getMap('answers');
		const keep = new Set<string>();
		for (const a of this.store.answers(code)) {
			const k = `${a.photo}:${a.seat}`;
			keep.add(k);
			setIfChanged(answers, k, a.guesses);
		}
		for (const k of [...answers.keys()]) if (!keep.has(k)) answers.delete(k);
		const answered = doc.getMap('answered');
		const room = this.store.room(code);
		room?.photos.forEach((_, i) => setIfChanged(answered, String(i), this.store.answerCount(code, i)));
	}
}

function setIfChanged(map: Y.Map<unknown>, key: string, value: unknown) {
	if (JSON.stringify(map.get(key)) !== JSON.stringify(value)) map.set(key, value);
}
