// What one room server tells the others when it changed a room's ledger, so that every instance keeps the room's
// documents it holds in line with the shared ledger. @hocuspocus/extension-redis syncs a document between the
// instances that hold it; this bus also reaches an instance that holds a document the writing instance does not
// (a student's answer taken on B while the teacher's document is open only on A), and closes connections
// (remove, delete) wherever they are. One Redis channel; each event names the instance that sent it.
import { Redis as IORedis, type RedisOptions } from 'ioredis';

/** A client that reconnects for ever (Redis restarted) and says so in one line per outage, not a stack per retry. */
export function redisClient(url: string, options: RedisOptions = {}): IORedis {
	const c = new IORedis(url, options);
	let down = false;
	c.on('error', (e: Error) => {
		if (!down) console.error(`live: Redis at ${url} unreachable (${e.message}); retrying`);
		down = true;
	});
	c.on('ready', () => (down = false));
	return c;
}

/** One PING without retries: resolves when Redis answers, rejects at once with a one-line reason. */
export async function probeRedis(url: string): Promise<void> {
	const c = new IORedis(url, { lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0, connectTimeout: 5000 });
	c.on('error', () => {});
	try {
		await c.connect();
		await c.ping();
	} catch (e) {
		throw new Error(`REDIS_URL ${url}: no Redis answers there (${(e as Error).message})`);
	} finally {
		c.disconnect(false);
	}
}

/** Which of a room's two documents follow a change: the room's (`live/CODE`), the teacher's, or both. */
export type ProjectDocs = 'public' | 'teacher' | 'both';

export type RoomEvent =
	/** Answers written to the ledger: [photo, seat, guesses]. */
	| { code: string; t: 'answers'; items: [number, string, number[]][] }
	/** The room's state (public) or its seats (teacher) changed: re-project those documents from the ledger. */
	| { code: string; t: 'project'; docs: ProjectDocs }
	/** Close a seat's connections (removed) or every connection of the room (deleted). */
	| { code: string; t: 'kick'; seat: string | null }
	/** Not sent: this instance's subscription came back after a Redis outage, in which events may have been lost. */
	| { code: null; t: 'resync' };

export interface RoomBus {
	publish(e: RoomEvent): void;
	/** Set by the rooms: an event from another instance. */
	receive: (e: RoomEvent) => void;
	close(): Promise<void>;
}

/** One instance alone: nobody to tell. */
export class LocalBus implements RoomBus {
	receive: (e: RoomEvent) => void = () => {};
	publish() {}
	async close() {}
}

export class RedisBus implements RoomBus {
	receive: (e: RoomEvent) => void = () => {};
	private pub: IORedis;
	private sub: IORedis;
	private channel: string;

	private constructor(
		url: string,
		readonly id: string,
		prefix: string
	) {
		this.channel = `${prefix}:live-events`;
		// A subscribed connection cannot publish: two connections. While Redis is away an event is dropped, not
		// queued (the 'resync' after the outage re-projects from the ledger instead of replaying stale events).
		this.pub = redisClient(url, { lazyConnect: true, enableOfflineQueue: false });
		this.sub = redisClient(url, { lazyConnect: true });
		let subscribed = false;
		this.sub.on('ready', () => {
			// ioredis resubscribes by itself after a reconnect; what was published meanwhile is gone.
			if (subscribed) this.receive({ code: null, t: 'resync' });
			subscribed = true;
		});
		this.sub.on('message', (_channel: string, raw: string) => {
			const m = JSON.parse(raw) as { from: string; e: RoomEvent };
			if (m.from !== this.id) this.receive(m.e);
		});
	}

	/** Connected and subscribed (a wrong REDIS_URL fails here, at start, not at the first answer). */
	static async connect(url: string, id: string, prefix = 'arena'): Promise<RedisBus> {
		await probeRedis(url);
		const bus = new RedisBus(url, id, prefix);
		await Promise.all([bus.pub.connect(), bus.sub.connect()]);
		await bus.sub.subscribe(bus.channel);
		return bus;
	}

	publish(e: RoomEvent) {
		void this.pub.publish(this.channel, JSON.stringify({ from: this.id, e })).catch((err: Error) => console.error(`live: Redis publish failed: ${err.message}`));
	}

	async close() {
		this.sub.disconnect(false);
		this.pub.disconnect(false);
	}
}
