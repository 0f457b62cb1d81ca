// Latest wins: of several async jobs started one after another (two uploads in quick succession, a photo then
// another), only the last one started may show its result. Each job takes a ticket when it starts and asks,
// after every await, whether it is still the latest; an older one that finishes last then paints nothing.
export interface Ticket {
	/** Whether no later job has started since this one. */
	readonly current: boolean;
}

export class Latest {
	#n = 0;

	/** A ticket for a job starting now; every earlier ticket stops being current. */
	take(): Ticket {
		const mine = ++this.#n;
		// eslint-disable-next-line @typescript-eslint/no-this-alias
		const self = this;
		return {
			get current() {
				return self.#n === mine;
			}
		};
	}

	/** Every ticket taken so far stops being current (the page is left, the input is cleared). */
	cancel(): void {
		this.#n++;
	}
}
