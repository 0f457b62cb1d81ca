// A game of the arena as a state machine: phases, the clock, rounds, saving as it goes, and exact resume.
// No DOM and no TF.js here: the page hands in a GameIO (photos and the model's answer, the store, the drafts,
// the clock), and the unit tests hand in stand-ins.
import { TOP_K } from '../core/accuracy';
import type { Crops } from '../core/crops';
import type { LabelledImage } from '../core/labels';
import type { DraftStore } from './draft';
import { firstUnanswered } from './ledger';
import { dedupeRounds } from './identity';
import type { ModelGuess, Round, Session } from './round';
import { imageSequence, type SessionConfig } from './session';

export type Phase = 'intro' | 'waiting' | 'round' | 'reveal' | 'done';

/** In team mode the picker lists the model's top-100 classes. */
export const TEAM_K = 100;

/** One photo of a round: fetched once, shown from `url`, and classified from the same bytes. */
export interface PhotoJob {
	url: Promise<string>;
	/** The model's top-k, computed while the person thinks. */
	answer: Promise<ModelGuess[]>;
	/** How long the model took on this photo (all its looks), once it answered. */
	modelMs?: Promise<number>;
	/** Free what the photo holds (an object URL). */
	release(): void;
	/**
	 * Ask the model again for this photo (same bytes) after its answer failed: the model is reloaded first if its
	 * load had failed. Replaces `answer` and `modelMs`.
	 */
	again?(): void;
}

export interface GameIO {
	/** A photo of the image set `set`, with the model's top-k for it (looking `crops` times). */
	photo(set: string, image: LabelledImage, k: number, crops: Crops): PhotoJob;
	putSession(s: Session): Promise<void>;
	putRound(r: Round): Promise<void>;
	drafts: DraftStore;
	/** Milliseconds, monotonic (performance.now in the page). */
	now(): number;
	/** The backend the model runs on, recorded with each round. */
	backend(): string;
	newId(): string;
	/** A session started or changed (the page puts it in the URL). */
	onSession?(s: Session): void;
	/** Only the photo, for showing an answered round again (no model at work); photo() stands in where absent. */
	picture?(set: string, image: LabelledImage): Pick<PhotoJob, 'url' | 'release'>;
	/** The photos of `images` this browser cannot get now (offline with photos never seen): checked before a game starts. */
	missingPhotos?(set: string, images: LabelledImage[]): Promise<string[]>;
}

const SAVE_HINT = 'The game goes on in this tab; export it to keep it.';

export class Game {
	phase = $state<Phase>('intro');
	config = $state<SessionConfig>() as unknown as SessionConfig;
	sequence: LabelledImage[] = $state([]);
	session: Session | null = $state(null);
	/** Answered rounds, by image number. */
	rounds: Round[] = $state.raw([]); // replaced whole, never changed in place: no deep proxy per round (the soak benchmark)
	/** The image asked (in 'round') or revealed (in 'reveal'). */
	current = $state(0);
	#guesses: number[] = $state([]);
	assisted = $state(false);
	/** The model's five, once shown (assisted) or revealed. */
	modelTop: ModelGuess[] | null = $state(null);
	photoUrl: string | null = $state(null);
	/** The picker's highlighted suggestion: at time-out it counts as chosen (the person was about to add it). */
	highlighted: number | null = $state(null);
	/** Submitted, and the model has not answered yet: the page says it is still looking. */
	looking = $state(false);
	/** Classes the picker may offer (team mode: the model's top-100). */
	allowed: Set<number> | undefined = $state(undefined);
	waitingFor = $state('');
	error = $state('');
	saveError = $state('');
	/** A new game is being set up (Start pressed, not yet begun): the Start button is disabled meanwhile. */
	starting = $state(false);
	now = $state(0);
	/** Nothing is written any more for this game (its record could not be saved, or is gone): it is played in memory. */
	#inMemory = false;
	#start: Promise<void> | null = null;

	#startedAt = $state(0);
	#job: PhotoJob | null = null;
	#submitting = false;
	#lastDraftSecond = -1;

	readonly lastRound = $derived(this.rounds.find((r) => r.index === this.current) ?? null);
	readonly usedMs = $derived(this.phase === 'round' ? Math.max(0, this.now - this.#startedAt) : 0);
	readonly secondsLeft = $derived(
		this.config.seconds && this.phase === 'round' ? Math.max(0, Math.ceil(this.config.seconds - this.usedMs / 1000)) : null
	);
	/** Images answered so far (the progress shown is this + 1 during a round). */
	readonly answered = $derived(this.rounds.length);

	private io: GameIO;
	/** The whole image set: the game's sequence is a seeded pick from it. */
	private images: LabelledImage[];

	constructor(io: GameIO, config: SessionConfig, images: LabelledImage[]) {
		this.io = io;
		this.images = images;
		this.sequence = imageSequence(images, config.n, config.seed);
		// Asking for more photos than the set has plays the whole set: the game's length is what is played.
		this.config = { ...config, n: Math.min(config.n, Math.max(1, this.sequence.length)) };
		this.now = io.now();
	}

	get guesses(): number[] {
		return this.#guesses;
	}
	/** Every change of the guesses is saved at once (bind:guesses on the picker lands here). */
	set guesses(g: number[]) {
		if (this.phase !== 'round') return;
		this.#guesses = g.slice(0, TOP_K);
		this.saveDraft();
	}

	/**
	 * Begin a new game. Idempotent: a second call while one is being set up (a double click, Enter and a click)
	 * returns the same promise and creates no second game; once the game has begun, it does nothing.
	 */
	start(player: string): Promise<void> {
		if (this.#start) return this.#start;
		if (this.phase !== 'intro' && this.phase !== 'done') return Promise.resolve();
		this.starting = true;
		return (this.#start = this.begin(player).finally(() => {
			this.#start = null;
			this.starting = false;
		}));
	}

	private async begin(player: string) {
		const missing = (await this.io.missingPhotos?.(this.config.set, this.sequence)) ?? [];
		if (missing.length) {
			const some = missing.slice(0, 3).join(', ') + (missing.length > 3 ? ', …' : '');
			this.error = `${missing.length} of this game's ${this.sequence.length} photos cannot be loaded now (${some}): check the connection and press Start again.`;
			return;
		}
		this.error = '';
		this.session = { id: this.io.newId(), player, config: { ...this.config }, createdAt: new Date().toISOString(), source: 'local' };
		this.rounds = [];
		this.#inMemory = false;
		this.saveError = '';
		this.io.onSession?.(this.session);
		try {
			await this.io.putSession($state.snapshot(this.session) as Session);
		} catch (e) {
			// Storage full or forbidden: the game is played in memory (no further write tried), and the page says so.
			this.#inMemory = true;
			this.saveError = `${(e as Error).message}. This game is played in memory: it is kept until the tab closes. Export it at the end to keep it.`;
		}
		await this.beginRound();
	}

	/** Go on with a saved game: its first unanswered image, and the round in progress exactly as it was left. */
	async resume(session: Session, rounds: Round[]) {
		this.session = session;
		this.config = session.config;
		this.sequence = imageSequence(this.images, session.config.n, session.config.seed);
		// One round per position, this game's only: a list keyed by position can then never hold a key twice.
		this.rounds = dedupeRounds(rounds.filter((r) => r.sessionId === session.id && r.index < this.sequence.length)).rounds;
		// A draft at an answered position marks its reveal as on screen when the page went: show it again.
		const draft = this.io.drafts.get(session.id);
		const shown = draft ? this.rounds.find((r) => r.index === draft.index) : undefined;
		if (shown && firstUnanswered(this.rounds, this.sequence.length) < this.sequence.length) await this.showReveal(shown);
		else await this.beginRound();
	}

	/** The reveal of a saved round, as it was shown after its submit. */
	private async showReveal(r: Round) {
		this.release();
		this.current = r.index;
		this.#guesses = [...r.human];
		this.assisted = r.assisted;
		this.modelTop = r.model.map((m) => ({ ...m }));
		this.allowed = undefined;
		this.error = '';
		this.phase = 'reveal';
		const image = this.sequence[r.index];
		const job = (this.#job = this.io.picture ? { ...this.io.picture(this.config.set, image), answer: Promise.resolve(r.model) } : this.io.photo(this.config.set, image, TOP_K, this.config.crops));
		job.answer.catch(() => {});
		try {
			const url = await job.url;
			if (job === this.#job) this.photoUrl = url;
		} catch (e) {
			if (job === this.#job) this.error = (e as Error).message;
		}
	}

	async beginRound() {
		this.release();
		const session = this.session;
		if (!session) return;
		const i = firstUnanswered(this.rounds, this.sequence.length);
		if (i >= this.sequence.length) {
			this.io.drafts.delete(session.id); // no reveal left to come back to
			this.phase = 'done';
			return;
		}
		const draft = this.io.drafts.get(session.id);
		const resumed = draft && draft.index === i ? draft : null;
		this.current = i;
		this.#guesses = resumed?.guesses ?? [];
		this.highlighted = null;
		this.assisted = resumed?.assisted ?? false;
		this.modelTop = null;
		this.error = '';
		this.allowed = undefined;
		this.phase = 'waiting';
		this.waitingFor = 'Loading the photo…';
		const job = (this.#job = this.io.photo(this.config.set, this.sequence[i], this.config.mode === 'team' ? TEAM_K : TOP_K, this.config.crops));
		job.answer.catch(() => {}); // a failure is reported where the answer is needed
		try {
			this.photoUrl = await job.url;
			if (this.config.mode === 'team') {
				this.waitingFor = "The model is pruning the list to its top 100…";
				this.allowed = new Set((await job.answer).map((p) => p.classIndex));
			}
		} catch (e) {
			if (job !== this.#job) return;
			this.error = `${(e as Error).message}`;
			this.waitingFor = 'This photo could not be loaded.';
			return;
		}
		if (job !== this.#job) return; // a newer round began meanwhile
		this.now = this.io.now();
		this.#startedAt = this.now - (resumed?.usedMs ?? 0);
		this.phase = 'round';
		this.saveDraft();
		if (this.assisted) await this.showModel();
	}

	/** Try the current photo again after a failed fetch or a failed answer, keeping the round's guesses and time. */
	retry() {
		this.saveDraft();
		return this.beginRound();
	}

	/** The model's answer, shown before the person submits: the round is assisted from this moment on. */
	async showModel() {
		if (this.phase !== 'round' || !this.#job) return;
		this.assisted = true;
		this.saveDraft(); // before anything can fail: a peek then a reload still counts as assisted
		try {
			this.modelTop = (await this.answerOf(this.#job)).slice(0, TOP_K);
			this.error = '';
		} catch (e) {
			this.error = `The model could not answer: ${(e as Error).message}`;
		}
	}

	/**
	 * The model's answer for a photo. One that failed (the model did not load: offline, a file missing once) is
	 * asked again, which reloads the model: a game goes on once the file or the network is back.
	 */
	private async answerOf(job: PhotoJob): Promise<ModelGuess[]> {
		try {
			return await job.answer;
		} catch (e) {
			if (!job.again || job !== this.#job) throw e;
			job.again();
			return await job.answer;
		}
	}

	/** The round in progress, written to the draft store (synchronously). */
	saveDraft() {
		if (this.phase !== 'round' || !this.session) return;
		try {
			this.io.drafts.put({ sessionId: this.session.id, index: this.current, guesses: [...this.#guesses], usedMs: this.usedMs, assisted: this.assisted });
		} catch (e) {
			this.saveError = `Could not save the round in progress: ${(e as Error).message}. ${SAVE_HINT}`;
		}
	}

	/** Called by the page a few times a second: moves the clock, saves the time used, ends a timed-out round. */
	tick() {
		this.now = this.io.now();
		if (this.phase !== 'round') return;
		const second = Math.floor(this.usedMs / 1000);
		if (second !== this.#lastDraftSecond) {
			this.#lastDraftSecond = second;
			this.saveDraft();
		}
		if (this.config.seconds && this.usedMs >= this.config.seconds * 1000) {
			const h = this.highlighted;
			if (h !== null && !this.#guesses.includes(h) && this.#guesses.length < TOP_K) this.#guesses = [...this.#guesses, h];
			void this.submit(true);
		}
	}

	async submit(timedOut = false) {
		if (this.phase !== 'round' || this.#submitting || !this.session || !this.#job) return;
		this.#submitting = true;
		this.now = this.io.now();
		const humanMs = this.usedMs;
		const l = this.sequence[this.current];
		this.looking = true;
		try {
			const answer = (await this.answerOf(this.#job)).slice(0, TOP_K);
			this.error = '';
			const modelMs = this.#job.modelMs ? await this.#job.modelMs.catch(() => undefined) : undefined;
			const round: Round = {
				sessionId: this.session.id, index: this.current, set: this.config.set, image: l.filename, truth: l.classIndex, real: l.real,
				human: this.#guesses.slice(0, TOP_K), model: answer.map((p) => ({ classIndex: p.classIndex, probability: p.probability })),
				humanMs, timedOut, assisted: this.assisted, humanTags: [], modelTags: [], mode: this.config.mode, modelId: this.config.model,
				backend: this.io.backend(), answeredAt: new Date().toISOString(), ...(modelMs !== undefined ? { modelMs } : {})
			};
			// The draft keeps the time used should the save fail; once the round is saved, the same draft (at an
			// answered position) tells a reload that the reveal was on screen.
			this.saveDraft();
			// Saved before the reveal shows: a reload during the reveal finds the answer counted.
			await this.save(round);
			this.modelTop = answer;
			this.rounds = [...this.rounds.filter((r) => r.index !== round.index), round].sort((a, b) => a.index - b.index);
			this.phase = 'reveal';
		} catch (e) {
			this.error = `The model could not answer: ${(e as Error).message}`;
		} finally {
			this.#submitting = false;
			this.looking = false;
		}
	}

	async toggleTag(side: 'humanTags' | 'modelTags', id: string) {
		const r = this.lastRound;
		if (this.phase !== 'reveal' || !r) return;
		const tags = r[side].includes(id) ? r[side].filter((t) => t !== id) : [...r[side], id];
		const updated = { ...r, [side]: tags };
		this.rounds = this.rounds.map((x) => (x.index === r.index ? updated : x));
		await this.save(updated);
	}

	/** A new game with the same setup and new photos (a new seed), started at once. */
	async playAgain(seed: number) {
		if (!this.session || this.#start || this.phase !== 'done') return this.#start ?? undefined; // a second click reuses the game being set up
		this.release();
		this.config = { ...this.config, seed };
		this.sequence = imageSequence(this.images, this.config.n, seed);
		await this.start(this.session.player);
	}

	/** Stop playing here (another tab took the game over): no more saves, no clock. */
	suspend(why: string) {
		this.release();
		this.phase = 'waiting';
		this.waitingFor = why;
	}

	release() {
		this.#job?.release();
		this.#job = null;
		this.photoUrl = null;
	}

	private async save(round: Round): Promise<boolean> {
		if (this.#inMemory) return false; // the banner already says so; the round stays in this.rounds
		try {
			await this.io.putRound($state.snapshot(round) as Round);
			this.saveError = '';
			return true;
		} catch (e) {
			// The game's record is gone (deleted in another tab): no orphan round is written from now on.
			if ((e as Error).name === 'GameGoneError') this.#inMemory = true;
			this.saveError = `${(e as Error).message}. ${SAVE_HINT}`;
			return false;
		}
	}
}
