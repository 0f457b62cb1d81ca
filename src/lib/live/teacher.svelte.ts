// The teacher's side of a live class as a state machine: make the room, watch who joined and who answered, pace
// the photos, reveal (with the model's five, computed in this browser), end. No DOM here: the page hands in a
// TeacherIO; the Node tests hand in one that talks to a real server.
import type { LabelledImage } from '../core/labels';
import type { ModelGuess } from '../arena/round';
import type { RoomConnection } from './client';
import { type CreateRoomResult, type Phase, type Photo, type PublicRoom, type Reply, type Reveal, publicDocName, teacherDocName, teacherToken } from './protocol';
import type { ClassRecord } from './results';

export interface SavedRoom extends CreateRoomResult {
	set: string;
	seed: number;
	modelId: string;
	labels: LabelledImage[];
	createdAt: number;
}

export interface TeacherIO {
	api<T>(path: string, body: unknown): Promise<T>;
	connect(o: { documentName: string; token: string; onReply: (r: Reply) => void; onStatus: (up: boolean) => void; onRefused: (why: string) => void }): RoomConnection;
	/** The model's five for a photo (the page runs the model in its worker). */
	modelFive(photo: Photo): Promise<ModelGuess[]>;
	/** The room this browser is teaching (so a reload returns to it). */
	saved: { get(): SavedRoom | null; set(r: SavedRoom | null): void };
	backend(): string;
}

export class LiveTeacher {
	phase = $state<Phase | 'setup' | 'gone'>('setup');
	room = $state<SavedRoom | null>(null);
	index = $state(0);
	photos: Photo[] = $state([]);
	students: { id: string; nick: string }[] = $state([]);
	answered: Record<string, number> = $state({});
	answers: Record<string, number[]> = $state({});
	reveals: Record<string, Reveal> = $state({});
	connected = $state(false);
	error = $state('');
	busy = $state(false);

	readonly answeredNow = $derived(this.answered[String(this.index)] ?? 0);
	readonly reveal = $derived(this.reveals[String(this.index)] ?? null);

	#pub: RoomConnection | null = null;
	#priv: RoomConnection | null = null;
	#model = new Map<number, Promise<ModelGuess[]>>();

	constructor(private io: TeacherIO) {}

	#creating: Promise<void> | null = null;

	/** Open a new room; a second call while one is being made waits for that one (a double click makes one room). */
	create(labels: LabelledImage[], set: string, seed: number, modelId: string): Promise<void> {
		return (this.#creating ??= this.#create(labels, set, seed, modelId).finally(() => (this.#creating = null)));
	}

	async #create(labels: LabelledImage[], set: string, seed: number, modelId: string) {
		this.error = '';
		this.busy = true;
		try {
			const photos = labels.map((l) => ({ set, image: l.filename }));
			const r = await this.io.api<CreateRoomResult>('/rooms', { photos });
			const saved: SavedRoom = { ...r, set, seed, modelId, labels, createdAt: Date.now() };
			this.io.saved.set(saved);
			await this.open(saved);
		} catch (e) {
			this.error = (e as Error).message;
		} finally {
			this.busy = false;
		}
	}

	/** Back to the room this browser was teaching (after a reload), if any. */
	async resume() {
		const saved = this.io.saved.get();
		if (saved) await this.open(saved);
	}

	/** Connect to a room made earlier (this tab's, or before a reload). */
	async open(saved: SavedRoom) {
		this.close();
		this.room = saved;
		const token = teacherToken(saved.code, saved.secret);
		const common = {
			token,
			onReply: (r: Reply) => {
				if (r.type === 'error') this.error = r.message;
			},
			onStatus: (up: boolean) => (this.connected = up),
			onRefused: (why: string) => {
				this.error = `The server refused this room (${why}): it may have expired or been deleted.`;
				this.phase = 'gone';
				this.io.saved.set(null);
			}
		};
		this.#pub = this.io.connect({ documentName: publicDocName(saved.code), ...common });
		this.#priv = this.io.connect({ documentName: teacherDocName(saved.code), ...common });
		this.#pub.doc.on('update', () => this.refresh());
		this.#priv.doc.on('update', () => this.refresh());
		await Promise.all([this.#pub.synced, this.#priv.synced]).catch(() => {});
		this.refresh();
	}

	private refresh() {
		if (!this.#pub || !this.#priv) return;
		const room = this.#pub.doc.getMap('room').toJSON() as Partial<PublicRoom>;
		if (!room.phase) return;
		this.phase = room.phase;
		this.index = room.index ?? 0;
		this.photos = room.photos ?? [];
		this.answered = this.#priv.doc.getMap('answered').toJSON() as Record<string, number>;
		this.reveals = this.#pub.doc.getMap('reveals').toJSON() as Record<string, Reveal>;
		const st = this.#priv.doc.getMap('students').toJSON() as Record<string, { nick: string; joinedAt: number }>;
		this.students = Object.entries(st)
			.sort((a, b) => a[1].joinedAt - b[1].joinedAt)
			.map(([id, s]) => ({ id, nick: s.nick }));
		this.answers = this.#priv.doc.getMap('answers').toJSON() as Record<string, number[]>;
		if (this.phase === 'photo') void this.modelFor(this.index); // computed while the class thinks
	}

	modelFor(i: number): Promise<ModelGuess[]> {
		let p = this.#model.get(i);
		if (!p) {
			p = this.io.modelFive(this.photos[i]);
			p.catch(() => this.#model.delete(i));
			this.#model.set(i, p);
		}
		return p;
	}

	private send(cmd: unknown) {
		this.error = '';
		this.#pub?.send(cmd);
	}

	start = () => this.send({ type: 'start' });
	next = () => this.send({ type: 'next' });
	end = () => this.send({ type: 'end' });
	remove = (id: string) => this.send({ type: 'remove', student: id });

	async revealNow() {
		if (!this.room || this.phase !== 'photo') return;
		const i = this.index;
		this.busy = true;
		try {
			const model = (await this.modelFor(i)).slice(0, 5).map((m) => ({ classIndex: m.classIndex, probability: Math.min(1, Math.max(0, m.probability)) }));
			const label = this.room.labels[i];
			this.send({ type: 'reveal', photo: i, truth: label.classIndex, real: label.real.slice(0, 20), model });
		} catch (e) {
			this.error = `The model could not answer: ${(e as Error).message}`;
		} finally {
			this.busy = false;
		}
	}

	deleteRoom() {
		this.send({ type: 'delete' });
		this.io.saved.set(null);
		this.close();
		this.room = null;
		this.phase = 'setup';
	}

	/** Everything the results need, for the summary and the export. */
	record(): ClassRecord | null {
		if (!this.room) return null;
		return {
			code: this.room.code, createdAt: this.room.createdAt, seed: this.room.seed, set: this.room.set, modelId: this.room.modelId,
			backend: this.io.backend(), photos: this.photos, labels: this.room.labels,
			students: Object.fromEntries(this.students.map((s) => [s.id, { nick: s.nick }])), answers: this.answers, reveals: this.reveals
		};
	}

	/** The guesses for the current photo, one list per student (the chart counts these). */
	guessesNow(): number[][] {
		const prefix = `${this.index}:`;
		return Object.entries(this.answers).filter(([k]) => k.startsWith(prefix)).map(([, g]) => g);
	}

	close() {
		this.#pub?.close();
		this.#priv?.close();
		this.#pub = this.#priv = null;
		this.connected = false;
	}
}
