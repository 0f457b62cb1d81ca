// One origin, one port: the built static app (build/) with the cross-origin isolation headers, the live class's
// small JSON API (create a room, join it) and its Hocuspocus WebSocket on /live/ws.
import { Database as DatabaseExtension } from '@hocuspocus/extension-database';
import { Redis as RedisExtension } from '@hocuspocus/extension-redis';
import { Hocuspocus, type Extension } from '@hocuspocus/server';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { networkInterfaces } from 'node:os';
import { join } from 'node:path';
import sirv from 'sirv';
import * as v from 'valibot';
import { WebSocketServer } from 'ws';
import { ISOLATION_HEADERS } from '../lib/core/isolation';
import { WORKER_POLICY } from '../lib/core/csp.js';
import { pagePolicies, policyFor } from './csp-headers';
import { AnswerMessage, CreateRoomBody, JoinBody, LIVE_API, LIVE_WS_PATH, MAX_MESSAGE_BYTES, type Reply, TeacherCommand, Token, problem } from '../lib/live/protocol';
import { LocalBus, RedisBus, redisClient, type RoomBus } from './bus';
import { DEFAULT_LIMITS, type LiveLimits, RateLimiter } from './limits';
import { type Identity, LiveError, LiveRooms } from './rooms';
import { LiveStore } from './store';

export interface LiveServerOptions {
	host?: string;
	/** 0 = any free port. */
	port?: number;
	/** The folder of the SQLite file (ARENA_DATA, default data/). */
	dataDir?: string;
	/** The built app to serve; none = API and WebSocket only. */
	staticDir?: string | null;
	limits?: Partial<LiveLimits>;
	/** redis://host:port (REDIS_URL): scale out, this instance shares its rooms with the others on that Redis and
	 * the same SQLite file (docs/live-class.md). None = one instance alone. */
	redisUrl?: string | null;
}

export interface LiveServer {
	url: string;
	port: number;
	host: string;
	/** http://<LAN address>:<port>/ for each non-internal IPv4 address when listening on all of them. */
	lanUrls: string[];
	rooms: LiveRooms;
	/** This instance's name on the Redis bus. */
	id: string;
	close(): Promise<void>;
}

// The live API's answers carry the worker policy too: every response of this server has a CSP and refuses framing.
const JSON_HEADERS = { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', 'Content-Security-Policy': WORKER_POLICY };

function send(res: ServerResponse, status: number, body: unknown) {
	res.writeHead(status, { ...JSON_HEADERS, ...ISOLATION_HEADERS });
	res.end(JSON.stringify(body));
}

/** The request's JSON body, refused past MAX_MESSAGE_BYTES without reading the rest. */
function readJson(req: IncomingMessage): Promise<unknown> {
	return new Promise((resolve, reject) => {
		const declared = Number(req.headers['content-length'] ?? 0);
		if (declared > MAX_MESSAGE_BYTES) return reject(new LiveError(`message too large (at most ${MAX_MESSAGE_BYTES} bytes)`, 413));
		let size = 0;
		const parts: Buffer[] = [];
		req.on('data', (c: Buffer) => {
			size += c.length;
			if (size > MAX_MESSAGE_BYTES) {
				reject(new LiveError(`message too large (at most ${MAX_MESSAGE_BYTES} bytes)`, 413));
				req.destroy();
			} else parts.push(c);
		});
		req.on('end', () => {
			try {
				resolve(JSON.parse(Buffer.concat(parts).toString('utf8')));
			} catch {
				reject(new LiveError('not JSON'));
			}
		});
		req.on('error', reject);
	});
}

function lanAddresses(host: string, port: number): string[] {
	if (host !== '0.0.0.0' && host !== '::') return [];
	return Object.values(networkInterfaces())
		.flat()
		.filter((a) => a && a.family === 'IPv4' && !a.internal)
		.map((a) => `http://${a!.address}:${port}/`);
}

/** Hocuspocus's message types that the server relays from one client to every connection of the document. */
const RELAYED = new Set([1 /* Awareness */, 3 /* QueryAwareness */, 6 /* BroadcastStateless */]);

/** A message's type: after the document name (a length-prefixed string); varints are LEB128. */
export function messageType(data: Uint8Array): number {
	let pos = 0;
	const varUint = () => {
		let n = 0, shift = 0;
		for (;;) {
			if (pos >= data.length) return -1;
			const b = data[pos++];
			n += (b & 0x7f) * 2 ** shift;
			if (b < 0x80) return n;
			shift += 7;
			if (shift > 35) return -1;
		}
	};
	const nameLength = varUint();
	if (nameLength < 0) return -1;
	pos += nameLength;
	return varUint();
}

/** Nobody in a room has presence and students never talk to each other: a client's awareness (N messages out for
 * one in) and its broadcast stateless (a forged "you were removed" to the whole class) are dropped before
 * Hocuspocus relays them. Our own clients send neither (src/lib/live/client.ts). */
function dropRelayedMessages(ws: import('ws').WebSocket) {
	const on = ws.on.bind(ws) as (event: string, listener: (...args: unknown[]) => void) => unknown;
	(ws as unknown as { on: typeof on }).on = (event, listener) =>
		on(event, event === 'message' ? (data: unknown, ...rest: unknown[]) => void (RELAYED.has(messageType(new Uint8Array(data as Buffer))) || listener(data, ...rest)) : listener);
}

export async function startLiveServer(opts: LiveServerOptions = {}): Promise<LiveServer> {
	const host = opts.host ?? '127.0.0.1';
	const limits = { ...DEFAULT_LIMITS, ...opts.limits };
	const dataDir = opts.dataDir ?? process.env.ARENA_DATA ?? 'data';
	const id = `arena-${randomUUID()}`;
	const redisUrl = opts.redisUrl === undefined ? process.env.REDIS_URL || null : opts.redisUrl;
	const bus: RoomBus = redisUrl ? await RedisBus.connect(redisUrl, id) : new LocalBus();
	const store = new LiveStore(join(dataDir, 'live.sqlite'));
	// The Yjs documents between the instances that hold them (sync, and the lock that lets one instance store).
	const redisExt = redisUrl ? new RedisExtension({ identifier: id, prefix: 'arena', createClient: () => redisClient(redisUrl) }) : null;
	const rooms = new LiveRooms(store, limits, Date.now, bus);
	/** Documents from the moment they are loaded (Hocuspocus lists them a little later) until unloaded. */
	const opening = new Map<string, import('yjs').Doc>();
	const joins = new RateLimiter(limits.joinsPerMinute, 60_000);
	const creations = new RateLimiter(limits.roomsPerMinute, 60_000);
	const messages = new RateLimiter(limits.messagesPer10s, 10_000);

	const hocuspocus = new Hocuspocus({
		quiet: true,
		debounce: 200,
		maxDebounce: 1000,
		extensions: [
			...(redisExt ? [redisExt as Extension] : []),
			new DatabaseExtension({
				fetch: async ({ documentName }) => rooms.loadDocument(documentName, store.loadDocument(documentName)),
				store: async ({ documentName, state }) => {
					// A late store while the server closes is dropped: the documents are projections of the ledger.
					if (store.db.open && store.room(documentName.split('/')[1] ?? '')) store.storeDocument(documentName, state);
				}
			})
		],
		async afterLoadDocument({ documentName, document }) {
			opening.set(documentName, document);
			rooms.refresh(documentName, document);
		},
		async afterUnloadDocument({ documentName }) {
			opening.delete(documentName);
		},
		async onAuthenticate({ token, documentName, connectionConfig }) {
			// Everyone reads; only the server writes (after the checks below and in rooms.ts).
			connectionConfig.readOnly = true;
			let parsed: unknown;
			try {
				parsed = JSON.parse(token);
			} catch {
				throw new Error('bad token');
			}
			const t = v.safeParse(Token, parsed);
			if (!t.success) throw new Error('bad token');
			const who = rooms.authenticate(t.output, documentName);
			return { who };
		},
		async onStateless({ connection, payload }) {
			const who = connection.context?.who as Identity | undefined;
			const reply = (r: Reply) => connection.sendStateless(JSON.stringify(r));
			if (!who) return;
			if (!messages.take(`${who.code}:${who.role === 'student' ? who.seat : 'teacher'}`)) return reply({ type: 'error', message: 'too many messages: slow down' });
			if (payload.length > MAX_MESSAGE_BYTES) return reply({ type: 'error', message: 'message too large' });
			let msg: unknown;
			try {
				msg = JSON.parse(payload);
			} catch {
				return reply({ type: 'error', message: 'not JSON' });
			}
			try {
				if (who.role === 'student') {
					const p = problem(AnswerMessage, msg);
					if (p) return reply({ type: 'error', message: p, photo: (msg as { photo?: number })?.photo });
					return reply(rooms.answer(who, v.parse(AnswerMessage, msg)));
				}
				const p = problem(TeacherCommand, msg);
				if (p) return reply({ type: 'error', message: p });
				const r = rooms.command(who.code, v.parse(TeacherCommand, msg));
				if (r) reply(r);
			} catch (e) {
				reply({ type: 'error', message: (e as Error).message });
			}
		}
	});

	rooms.loaded = (name) => hocuspocus.documents.get(name) ?? opening.get(name);
	rooms.openRooms = () => new Set([...hocuspocus.documents.keys(), ...opening.keys()].map((n) => /^live\/([A-Z0-9]+)/.exec(n)?.[1]).filter((c) => c !== undefined));
	rooms.kick = (code, seat) => {
		for (const [name, doc] of hocuspocus.documents) {
			if (name !== `live/${code}` && !name.startsWith(`live/${code}/`)) continue;
			for (const c of doc.getConnections()) {
				const who = c.context?.who as Identity | undefined;
				if (seat === null || (who?.role === 'student' && who.seat === seat)) {
					c.sendStateless(JSON.stringify({ type: seat === null ? 'deleted' : 'removed' } satisfies Reply));
					c.close({ code: 4403, reason: seat === null ? 'room deleted' : 'removed by the teacher' });
				}
			}
		}
	};

	const staticDir = opts.staticDir !== null && existsSync(opts.staticDir ?? 'build') ? (opts.staticDir ?? 'build') : null;
	const pages = staticDir ? pagePolicies(staticDir) : new Map<string, string>(); // the CSP as headers (csp-headers.ts)
	const serveStatic = staticDir
		? sirv(staticDir, {
				extensions: ['html'],
				dev: false,
				etag: true,
				setHeaders: (res, pathname) => {
					for (const [k, val] of Object.entries(ISOLATION_HEADERS)) res.setHeader(k, val);
					res.setHeader('Content-Security-Policy', policyFor(pages, pathname));
				}
			})
		: null;

	let lanUrls: string[] = [];
	const api = async (req: IncomingMessage, res: ServerResponse, path: string) => {
		const ip = req.socket.remoteAddress ?? '?';
		try {
			if (req.method === 'GET' && path === '/info') return send(res, 200, { lanUrls, limits });
			if (req.method !== 'POST') throw new LiveError('not found', 404);
			if (path === '/rooms') {
				if (!creations.take(ip)) throw new LiveError('too many rooms made from this address: wait a minute', 429);
				const body = v.safeParse(CreateRoomBody, await readJson(req));
				if (!body.success) throw new LiveError(body.issues[0].message);
				return send(res, 200, rooms.createRoom(body.output));
			}
			if (path === '/join') {
				if (!joins.take(ip)) throw new LiveError('too many join attempts from this address: wait a minute', 429);
				const body = v.safeParse(JoinBody, await readJson(req));
				if (!body.success) throw new LiveError(body.issues[0].message);
				return send(res, 200, rooms.join(body.output));
			}
			throw new LiveError('not found', 404);
		} catch (e) {
			const status = e instanceof LiveError ? e.status : 500;
			send(res, status, { error: e instanceof LiveError ? e.message : 'server error' });
			if (status === 500) console.error(e);
		}
	};

	const server: Server = createServer((req, res) => {
		const path = (req.url ?? '/').split('?')[0];
		if (path.startsWith(LIVE_API + '/')) return void api(req, res, path.slice(LIVE_API.length));
		if (!serveStatic) {
			res.writeHead(404, ISOLATION_HEADERS);
			return void res.end('not found');
		}
		serveStatic(req, res, () => {
			res.writeHead(404, { ...ISOLATION_HEADERS, 'Content-Security-Policy': WORKER_POLICY, 'Content-Type': 'text/plain' });
			res.end('not found');
		});
	});
	const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
	server.on('upgrade', (req, socket, head) => {
		if ((req.url ?? '').split('?')[0] !== LIVE_WS_PATH) return void socket.destroy();
		wss.handleUpgrade(req, socket, head, (ws) => {
			// A frame over maxPayload closes the socket (1009); the error itself needs no more handling.
			ws.on('error', () => ws.terminate());
			dropRelayedMessages(ws);
			hocuspocus.handleConnection(ws, req);
		});
	});

	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(opts.port ?? 0, host, () => resolve());
	});
	const port = (server.address() as AddressInfo).port;
	lanUrls = lanAddresses(host, port);
	const sweeper = setInterval(() => rooms.sweep(), 10 * 60_000);
	sweeper.unref();
	const shownHost = host === '0.0.0.0' || host === '::' ? 'localhost' : host;

	return {
		url: `http://${shownHost}:${port}/`,
		port,
		host,
		lanUrls,
		rooms,
		id,
		async close() {
			clearInterval(sweeper);
			rooms.flush();
			for (const c of wss.clients) c.terminate();
			hocuspocus.closeConnections();
			await new Promise<void>((r) => server.close(() => r()));
			server.closeAllConnections();
			await bus.close();
			await redisExt?.onDestroy();
			store.close();
		}
	};
}
