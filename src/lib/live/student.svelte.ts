// A student's side of a live class as a state machine: join with a nickname, follow the room (read-only), hand in
// answers. Every answer is kept in this browser first (SeatStore) and sent until the server acknowledges it, so a
// reload, a closed tab or lost Wi-Fi returns to the same seat with the answers kept and the late ones delivered.
import type { RoomConnection } from './client';
import { type JoinResult, type Phase, type Photo, type PublicRoom, type Reply, type Reveal, type Seat, publicDocName, studentToken } from './protocol';

export interface SavedAnswer {
	guesses: number[];
	/** The server acknowledged it. */
	acked: boolean;
	/** The server refused it (the reason). */
	refused?: string;
}

export interface SavedSeat {
	code: string;
	nick: string;
	seat: Seat;
	answers: Record<string, SavedAnswer>;
}

export interface StudentIO {
	api<T>(path: string, body: unknown): Promise<T>;
	connect(o: { documentName: string; token: string; onReply: (r: Reply) => void; onStatus: (up: boolean) => void; onSynced: () => void; onRefused: (why: string) => void }): RoomConnection;
	seats: { get(code: string): SavedSeat | null; set(s: SavedSeat): void; remove(code: string): void };
	/** Called at each reveal with the student's answer and the photo's outcome (the page saves it as a game round). */
	onReveal?(seat: SavedSeat, photo: number, p: Photo, reveal: Reveal, photos: Photo[]): void;
}

export class LiveStudent {
	phase = $state<Phase | 'join' | 'removed'>('join');
	code = $state('');
	nick = $state('');
	index = $state(0);
	photos: Photo[] = $state([]);
	reveals: Record<string, Reveal> = $state({});
	answers: Record<string, SavedAnswer> = $state({});
	connected = $state(false);
	error = $state('');
	busy = $state(false);

	readonly mine = $derived(this.answers[String(this.index)] ?? null);
	readonly reveal = $derived(this.reveals[String(this.index)] ?? null);

	#conn: RoomConnection | null = null;
	#saved: SavedSeat | null = null;
	#revealed = new Set<string>();

	constructor(private io: StudentIO) {}

	/** A seat this browser already has in that room (the page goes straight back to it). */
	savedSeat(code: string) {
		return this.io.seats.get(code);
	}

	async join(code: string, nick: string) {
		this.error = '';
		this.busy = true;
		try {
			code = code.trim().toUpperCase();
			const had = this.io.seats.get(code);
			const r = await this.io.api<JoinResult>('/join', { code, nick: had?.nick ?? nick.trim(), ...(had ? { seat: had.seat } : {}) });
			const answers: Record<string, SavedAnswer> = { ...(had?.seat.id === r.seat.id ? had.answers : {}) };
			for (const [i, g] of Object.entries(r.answers)) answers[i] = { guesses: g, acked: true };
			this.#saved = { code, nick: r.nick, seat: r.seat, answers };
			this.io.seats.set(this.#saved);
			this.code = code;
			this.nick = r.nick;
			this.answers = answers;
			this.connect();
		} catch (e) {
			this.error = (e as Error).message;
		} finally {
			this.busy = false;
		}
	}

	private connect() {
		const s = this.#saved!;
		this.#conn?.close();
		this.#conn = this.io.connect({
			documentName: publicDocName(s.code),
			token: studentToken(s.code, s.seat),
			onReply: (r) => this.onReply(r),
			onStatus: (up) => (this.connected = up),
			onSynced: () => this.flush(),
			onRefused: () => this.removed()
		});
		this.#conn.doc.on('update', () => this.refresh());
	}

	private refresh() {
		const doc = this.#conn?.doc;
		if (!doc) return;
		const room = doc.getMap('room').toJSON() as Partial<PublicRoom>;
		if (!room.phase) return;
		this.phase = room.phase;
		this.index = room.index ?? 0;
		this.photos = room.photos ?? [];
		this.reveals = doc.getMap('reveals').toJSON() as Record<string, Reveal>;
		for (const [i, r] of Object.entries(this.reveals)) {
			if (this.#revealed.has(i) || !this.#saved) continue;
			this.#revealed.add(i);
			this.io.onReveal?.(this.#saved, Number(i), this.photos[Number(i)], r, this.photos);
		}
	}

	private onReply(r: Reply) {
		if (r.type === 'removed' || r.type === 'deleted') return this.removed();
		if (r.type === 'ack') this.setAnswer(r.photo, { guesses: r.guesses, acked: true });
		else if (r.type === 'error') {
			if (r.photo !== undefined && this.answers[String(r.photo)] && !this.answers[String(r.photo)].acked)
				this.setAnswer(r.photo, { ...this.answers[String(r.photo)], refused: r.message });
			this.error = r.message;
		}
	}

	private setAnswer(photo: number, a: SavedAnswer) {
		this.answers = { ...this.answers, [String(photo)]: a };
		if (this.#saved) {
			this.#saved.answers = $state.snapshot(this.answers);
			this.io.seats.set(this.#saved);
		}
	}

	/** Hand in the five for the photo on screen: kept here first, then sent (again after a reconnect if need be). */
	answer(guesses: number[]) {
		if (this.phase !== 'photo' || this.mine) return;
		this.error = '';
		this.setAnswer(this.index, { guesses: guesses.slice(0, 5), acked: false });
		this.#conn?.send({ type: 'answer', photo: this.index, guesses: guesses.slice(0, 5) });
	}

	/** Send every answer the server has not acknowledged (after each sync: a reconnect, a reload). */
	flush() {
		for (const [i, a] of Object.entries(this.answers)) if (!a.acked && !a.refused) this.#conn?.send({ type: 'answer', photo: Number(i), guesses: a.guesses });
	}

	private removed() {
		this.phase = 'removed';
		if (this.#saved) this.io.seats.remove(this.#saved.code);
		this.close();
	}

	close() {
		this.#conn?.close();
		this.#conn = null;
		this.connected = false;
	}
}
