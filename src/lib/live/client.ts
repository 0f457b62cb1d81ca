// A connection to a room (browser or Node): the Hocuspocus provider on /live/ws, read-only, with the server's
// stateless replies handed to `onReply`. The pages' state machines and the Node tests/benchmark use this.
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import * as Y from 'yjs';
import { LIVE_API, LIVE_WS_PATH, type Reply } from './protocol';

export interface RoomConnection {
	doc: Y.Doc;
	provider: HocuspocusProvider;
	/** Resolves at the first full sync; rejects when the token is refused. */
	synced: Promise<void>;
	send(message: unknown): void;
	close(): void;
}

export interface ConnectOptions {
	/** The server's origin, e.g. http://127.0.0.1:4173 (the page's own origin in a browser). */
	origin: string;
	documentName: string;
	token: string;
	onReply?: (r: Reply) => void;
	onStatus?: (connected: boolean) => void;
	/** Every full sync, the first and each after a reconnect (the moment to resend what was not acknowledged). */
	onSynced?: () => void;
	/** The token was refused (a removed seat, a deleted room). */
	onRefused?: (reason: string) => void;
	/** Node has no WebSocket before v22: pass the `ws` package's. */
	WebSocketPolyfill?: unknown;
}

export const wsUrl = (origin: string) => origin.replace(/^http/, 'ws').replace(/\/$/, '') + LIVE_WS_PATH;

export function connectRoom(o: ConnectOptions): RoomConnection {
	const doc = new Y.Doc();
	const websocketProvider = new HocuspocusProviderWebsocket({
		url: wsUrl(o.origin),
		...(o.WebSocketPolyfill ? { WebSocketPolyfill: o.WebSocketPolyfill } : {}),
		// Reconnect soon after Wi-Fi or the server comes back, but not in a tight loop.
		delay: 250,
		minDelay: 250,
		factor: 1.5,
		maxDelay: 3000,
		onStatus: ({ status }) => o.onStatus?.(status === 'connected')
	});
	let resolveSynced!: () => void, rejectSynced!: (e: Error) => void;
	const synced = new Promise<void>((res, rej) => ((resolveSynced = res), (rejectSynced = rej)));
	const provider = new HocuspocusProvider({
		websocketProvider,
		name: o.documentName,
		document: doc,
		token: o.token,
		// No presence in a room: with awareness every client's 15 s renewal went to every other client (N x N
		// messages, bursts that held answers back by seconds with 200 students). A sync every 10 s instead keeps
		// the provider's 30 s silence check from reconnecting a quiet connection (one request, one reply).
		awareness: null,
		forceSyncInterval: 10_000,
		onSynced: () => {
			resolveSynced();
			o.onSynced?.();
		},
		onAuthenticationFailed: ({ reason }) => {
			rejectSynced(new Error(reason || 'refused'));
			o.onRefused?.(reason || 'refused');
		},
		onStateless: ({ payload }) => {
			try {
				o.onReply?.(JSON.parse(payload) as Reply);
			} catch {
				/* not ours */
			}
		}
	});
	provider.attach();
	return {
		doc,
		provider,
		synced,
		send: (m) => provider.sendStateless(JSON.stringify(m)),
		close: () => {
			provider.destroy();
			websocketProvider.destroy();
		}
	};
}

/** POST to the live API; the server's one-line error as an Error. */
export async function liveApi<T>(origin: string, path: string, body: unknown, fetchImpl: typeof fetch = fetch): Promise<T> {
	const res = await fetchImpl(origin.replace(/\/$/, '') + LIVE_API + path, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
	const json = (await res.json().catch(() => ({ error: `HTTP ${res.status}` }))) as T & { error?: string };
	if (!res.ok) throw new Error(json.error ?? `HTTP ${res.status}`);
	return json;
}
