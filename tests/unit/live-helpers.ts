// Helpers for the live-class server tests: a real server on a free loopback port, Node clients through the same
// provider code the pages use.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { connectRoom, liveApi } from '../../src/lib/live/client';
import { publicDocName, studentToken, teacherDocName, teacherToken, type CreateRoomResult, type JoinResult, type Reply } from '../../src/lib/live/protocol';
import { startLiveServer, type LiveServerOptions } from '../../src/server/app';

export const tmpData = () => mkdtempSync(join(tmpdir(), 'arena-live-'));

export async function server(opts: LiveServerOptions = {}) {
	return startLiveServer({ host: '127.0.0.1', port: 0, staticDir: null, dataDir: tmpData(), ...opts });
}

/** Polls until `fn` returns a truthy value (the server's answers arrive asynchronously). */
export async function until<T>(fn: () => T, what = 'condition', ms = 10_000): Promise<NonNullable<T>> {
	const end = Date.now() + ms;
	for (;;) {
		const v = fn();
		if (v) return v as NonNullable<T>;
		if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
		await new Promise((r) => setTimeout(r, 20));
	}
}

export const PHOTOS = [0, 1, 2].map((i) => ({ set: 'ilsvrc2012_val_fullframe', image: `images/p${i}.jpg` }));

export async function createRoom(origin: string) {
	return liveApi<CreateRoomResult>(origin, '/rooms', { photos: PHOTOS });
}

export function client(origin: string, documentName: string, token: string) {
	const replies: Reply[] = [];
	const c = connectRoom({ origin, documentName, token, WebSocketPolyfill: WebSocket, onReply: (r) => replies.push(r) });
	return { ...c, replies };
}

export async function teacher(origin: string, room: CreateRoomResult) {
	const pub = client(origin, publicDocName(room.code), teacherToken(room.code, room.secret));
	const priv = client(origin, teacherDocName(room.code), teacherToken(room.code, room.secret));
	await Promise.all([pub.synced, priv.synced]);
	return { pub, priv, close: () => (pub.close(), priv.close()) };
}

export async function student(origin: string, code: string, nick: string, seat?: JoinResult['seat']) {
	const joined = await liveApi<JoinResult>(origin, '/join', { code, nick, ...(seat ? { seat } : {}) });
	const c = client(origin, publicDocName(code), studentToken(code, joined.seat));
	await c.synced;
	return { ...c, joined };
}

export const roomMap = (doc: import('yjs').Doc) => doc.getMap('room').toJSON();
