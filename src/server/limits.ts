// Limits of one room server. Each can be lowered or raised per server (the load benchmark raises the join rate).
export interface LiveLimits {
	/** Students seated in one room. */
	studentsPerRoom: number;
	/** Rooms that exist at once on one server. */
	roomsPerServer: number;
	/** Join attempts (good or bad) from one address per minute. */
	joinsPerMinute: number;
	/** Rooms created from one address per minute. */
	roomsPerMinute: number;
	/** Stateless messages from one connection per 10 seconds. */
	messagesPer10s: number;
	/** How long a room lives after it was made. */
	roomTtlMs: number;
}

export const DEFAULT_LIMITS: LiveLimits = {
	studentsPerRoom: 60,
	roomsPerServer: 50,
	joinsPerMinute: 30,
	roomsPerMinute: 10,
	messagesPer10s: 40,
	roomTtlMs: 24 * 3600 * 1000
};

/** A sliding-window counter per key (an address, a connection): `take` says whether one more event is allowed. */
export class RateLimiter {
	private hits = new Map<string, number[]>();
	constructor(
		private max: number,
		private windowMs: number,
		private now: () => number = Date.now
	) {}

	take(key: string): boolean {
		const t = this.now();
		const recent = (this.hits.get(key) ?? []).filter((x) => t - x < this.windowMs);
		if (recent.length >= this.max) {
			this.hits.set(key, recent);
			return false;
		}
		recent.push(t);
		this.hits.set(key, recent);
		if (this.hits.size > 10_000) this.prune(t);
		return true;
	}

	private prune(t: number) {
		for (const [k, v] of this.hits) if (v.every((x) => t - x >= this.windowMs)) this.hits.delete(k);
	}
}
