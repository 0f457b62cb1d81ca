// One tab per game: a second tab on the same game would overwrite the first one's rounds. The Web Locks API
// holds a named lock for as long as a tab plays; another tab can take the game over, and the first is told.
// Browsers without navigator.locks play unlocked (every tab "holds" the game), as before.

/** The part of the Web Locks API used here (navigator.locks), so a test can pass its own. */
export interface LockManagerLike {
	request(name: string, options: { ifAvailable?: boolean; steal?: boolean }, callback: (lock: unknown) => Promise<unknown> | unknown): Promise<unknown>;
}

export const lockName = (sessionId: string) => `convnet-arena-game:${sessionId}`;

export class GameLock {
	private release_: (() => void) | null = null;
	private lostCallbacks: (() => void)[] = [];
	private sessionId = '';
	private readonly locks: LockManagerLike | null;

	constructor(locks?: LockManagerLike | null) {
		this.locks = locks !== undefined ? locks : ((globalThis.navigator as Navigator | undefined)?.locks ?? null);
	}

	get held(): boolean {
		return this.release_ !== null;
	}

	/** Try to hold the game's lock; false when another tab holds it (then offer takeOver()). */
	acquire(sessionId: string): Promise<boolean> {
		this.sessionId = sessionId;
		return this.hold({ ifAvailable: true });
	}

	/** Take the game from the tab that holds it; that tab's onLost callbacks run. */
	takeOver(): Promise<boolean> {
		if (!this.sessionId) throw new Error('GameLock.takeOver() before acquire()');
		return this.hold({ steal: true });
	}

	/** Called when another tab takes the game over (this tab must stop saving rounds). */
	onLost(callback: () => void): () => void {
		this.lostCallbacks.push(callback);
		return () => (this.lostCallbacks = this.lostCallbacks.filter((c) => c !== callback));
	}

	release(): void {
		const r = this.release_;
		this.release_ = null;
		r?.();
	}

	private hold(options: { ifAvailable?: boolean; steal?: boolean }): Promise<boolean> {
		if (this.held) return Promise.resolve(true);
		if (!this.locks) {
			this.release_ = () => {};
			return Promise.resolve(true);
		}
		return new Promise<boolean>((answer) => {
			let mine = false;
			const request = this.locks!.request(lockName(this.sessionId), options, (lock) => {
				if (!lock) return answer(false);
				mine = true;
				answer(true);
				// Held until release(): the promise returned here is what keeps the lock.
				return new Promise<void>((done) => (this.release_ = done));
			});
			// A stolen lock rejects the holder's request (AbortError): that is how this tab learns it lost the game.
			Promise.resolve(request).catch(() => {
				if (!mine) return answer(false);
				this.release_ = null;
				for (const c of [...this.lostCallbacks]) c();
			});
		});
	}
}

/**
 * Run `f` holding the game's lock, so that no tab plays the game meanwhile (a delete while another tab plays
 * would leave that tab saving rounds of a game with no record); 'open elsewhere' when a tab holds it.
 */
export async function withGameFree<T>(sessionId: string, f: () => Promise<T>, locks: LockManagerLike | null = (globalThis.navigator as Navigator | undefined)?.locks ?? null): Promise<T | 'open elsewhere'> {
	if (!locks) return f();
	let out: T | 'open elsewhere' = 'open elsewhere';
	await locks.request(lockName(sessionId), { ifAvailable: true }, async (lock) => {
		if (lock) out = await f();
	});
	return out;
}
