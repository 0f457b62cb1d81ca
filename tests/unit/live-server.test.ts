// The live-class room server: a real server on a free loopback port, real providers and raw WebSockets.
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { liveApi } from '../../src/lib/live/client';
import { MAX_MESSAGE_BYTES, publicDocName, teacherDocName, studentToken, type Reply } from '../../src/lib/live/protocol';
import type { LiveServer } from '../../src/server/app';
import { client, createRoom, server, student, teacher, tmpData, until, roomMap } from './live-helpers';

const open: { close(): unknown }[] = [];
afterEach(async () => {
	for (const c of open.splice(0).reverse()) await c.close();
});
const keep = <T extends { close(): unknown }>(x: T) => (open.push(x), x);

/** Everything the ledger holds about a room, to show a refused request changed nothing. */
const snapshot = (s: LiveServer, code: string) =>
	JSON.stringify({ room: s.rooms.store.room(code), seats: s.rooms.store.seats(code), answers: s.rooms.store.answers(code) });

const lastReply = (replies: Reply[]) => replies[replies.length - 1];
/** The teacher's document, every map of it. */
const teacherView = (d: import('yjs').Doc) => JSON.stringify(['students', 'answers', 'answered'].map((k) => d.getMap(k).toJSON()));

describe('live class server', () => {
	it('plays a photo: answers reach the teacher, the model reaches students only at reveal', async () => {
		const s = keep(await server());
		const room = await createRoom(s.url);
		const t = keep(await teacher(s.url, room));
		const a = keep(await student(s.url, room.code, 'Ada'));
		const b = keep(await student(s.url, room.code, 'Bo'));
		await until(() => t.priv.doc.getMap('students').size === 2, 'two joined');
		expect(Object.values(t.priv.doc.getMap('students').toJSON()).map((x) => (x as { nick: string }).nick)).toEqual(['Ada', 'Bo']);

		a.send({ type: 'answer', photo: 0, guesses: [1] });
		await until(() => a.replies.length, 'refusal before start');
		expect(lastReply(a.replies)).toMatchObject({ type: 'error', message: 'the class has not started yet' });

		t.pub.send({ type: 'start' });
		await until(() => roomMap(a.doc).phase === 'photo', 'start reaches students');
		a.send({ type: 'answer', photo: 0, guesses: [7, 8, 9] });
		b.send({ type: 'answer', photo: 0, guesses: [9] });
		await until(() => t.priv.doc.getMap('answered').get('0') === 2, 'two answered');
		expect(t.priv.doc.getMap('answers').toJSON()).toEqual({ [`0:${a.joined.seat.id}`]: [7, 8, 9], [`0:${b.joined.seat.id}`]: [9] });
		expect(a.doc.getMap('reveals').size).toBe(0);
		// Students never receive names or other students' answers.
		expect(JSON.stringify(a.doc.toJSON())).not.toContain('Bo');

		t.pub.send({ type: 'reveal', photo: 0, truth: 9, real: [], model: [{ classIndex: 3, probability: 0.5 }] });
		await until(() => a.doc.getMap('reveals').get('0'), 'reveal reaches students');
		expect(a.doc.getMap('reveals').get('0')).toMatchObject({ truth: 9, answered: 2, classRight: 2, modelRight: false, top: [[9, 2], [7, 1], [8, 1]] });
		t.pub.send({ type: 'next' });
		await until(() => roomMap(b.doc).index === 1, 'next photo');
	});

	it('refuses a hostile client and leaves the room unchanged', async () => {
		const s = keep(await server({ limits: { joinsPerMinute: 30, studentsPerRoom: 20 } }));
		const room = await createRoom(s.url);
		const t = keep(await teacher(s.url, room));
		const a = keep(await student(s.url, room.code, 'Ada'));
		const eve = keep(await student(s.url, room.code, 'Eve'));
		t.pub.send({ type: 'start' });
		await until(() => roomMap(eve.doc).phase === 'photo', 'started');
		a.send({ type: 'answer', photo: 0, guesses: [1] });
		await until(() => a.replies.some((r) => r.type === 'ack'), 'Ada answered');
		const before = snapshot(s, room.code);
		const viewBefore = teacherView(t.priv.doc);
		expect(viewBefore).toContain(a.joined.seat.id);

		// 1. Write the room document directly (the provider sends the update; the server is read-only for her).
		eve.doc.getMap('room').set('phase', 'end');
		eve.doc.getMap('answered').set('0', 99);
		// 2. Answer for another student, 3. advance the photo, 4. class 5000, 5. a later photo, 6. a second answer.
		const bad = [
			{ type: 'answer', photo: 0, guesses: [2], seat: a.joined.seat.id },
			{ type: 'next' },
			{ type: 'reveal', photo: 0, truth: 1, real: [], model: [] },
			{ type: 'answer', photo: 0, guesses: [5000] },
			{ type: 'answer', photo: 0, guesses: [1, 2, 3, 4, 5, 6] },
			{ type: 'answer', photo: 2, guesses: [1] }
		];
		for (const m of bad) eve.send(m);
		await until(() => eve.replies.length === bad.length, 'every refusal');
		expect(eve.replies.map((r) => r.type)).toEqual(bad.map(() => 'error'));
		// Her document update came before those messages on the same socket: the server's copy must not have it.
		const served = s.rooms.loaded(publicDocName(room.code))!;
		expect(served.getMap('room').get('phase')).toBe('photo');
		expect(served.getMap('answered').size).toBe(0);
		expect(eve.replies.map((r) => (r as { message: string }).message)).toContain('class ids are 0-999');
		expect(eve.replies.map((r) => (r as { message: string }).message)).toContain('that photo has not been shown yet');
		eve.send({ type: 'answer', photo: 0, guesses: [4] });
		await until(() => eve.replies.length === bad.length + 1, 'first answer');
		eve.send({ type: 'answer', photo: 0, guesses: [5] });
		await until(() => eve.replies.length === bad.length + 2, 'second answer');
		expect(lastReply(eve.replies)).toMatchObject({ type: 'error', message: 'you already answered this photo' });
		expect(s.rooms.store.answers(room.code).find((x) => x.seat === eve.joined.seat.id)?.guesses).toEqual([4]);
		s.rooms.store.db.prepare('DELETE FROM answers WHERE seat = ?').run(eve.joined.seat.id); // back to "before"

		// 6b. A message Hocuspocus would relay to every connection: a forged "removed" (broadcast stateless) and an
		// awareness update. Neither reaches Ada: after Eve's next reply and a round trip of Ada's, nothing came.
		const raw6 = (type: number, body: Uint8Array) => {
			const name = new TextEncoder().encode(publicDocName(room.code));
			return new Uint8Array([name.length, ...name, type, ...body]);
		};
		const forged = new TextEncoder().encode(JSON.stringify({ type: 'removed' }));
		const ws6 = eve.provider.configuration.websocketProvider;
		ws6.send(raw6(6, new Uint8Array([forged.length, ...forged])));
		// An awareness update: one client (id 5, clock 1) with the state {} (varint lengths throughout).
		ws6.send(raw6(1, new Uint8Array([6, 1, 5, 1, 2, ...new TextEncoder().encode('{}')])));
		const adaHad = a.replies.length, eveHad = eve.replies.length;
		eve.send({ type: 'answer', photo: 9, guesses: [1] });
		await until(() => eve.replies.some((r) => r.type === 'error' && r.photo === 9), "Eve's next reply");
		a.send({ type: 'answer', photo: 9, guesses: [1] });
		await until(() => a.replies.length > adaHad, "Ada's round trip");
		expect(a.replies.slice(adaHad)).toEqual([{ type: 'error', message: 'no such photo', photo: 9 }]);
		expect(eve.replies.slice(eveHad)).toEqual([{ type: 'error', message: 'no such photo', photo: 9 }]);
		expect(s.rooms.loaded(publicDocName(room.code)) && (s.rooms.loaded(publicDocName(room.code)) as unknown as { awareness: { getStates(): Map<number, unknown> } }).awareness.getStates().size).toBe(0);

		// 7. A student token on the teacher's document is refused.
		const peek = keep(client(s.url, teacherDocName(room.code), studentToken(room.code, eve.joined.seat)));
		await expect(peek.synced).rejects.toThrow();

		// 8. 10 MB over the WebSocket: the socket is closed (1009, message too big) before anything is read.
		const raw = new WebSocket(s.url.replace('http', 'ws') + 'live/ws');
		await new Promise((r) => raw.once('open', r));
		const closed = new Promise<number>((r) => raw.once('close', (code) => r(code)));
		raw.send(Buffer.alloc(10 * 1024 * 1024, 1));
		expect(await closed).toBe(1009);
		// ... and over HTTP: refused with 413.
		const big = await fetch(s.url + 'live/api/join', { method: 'POST', body: 'x'.repeat(10 * 1024 * 1024) });
		expect(big.status).toBe(413);
		// Every answer of the server carries a CSP that refuses framing (issue #24), the API's JSON included.
		expect(big.headers.get('content-security-policy')).toMatch(/frame-ancestors 'none'/);

		// 9. Join 500 times: the rate limit (and the room's size) refuse nearly all of them.
		const codes: number[] = [];
		for (let i = 0; i < 500; i++) {
			const r = await fetch(s.url + 'live/api/join', { method: 'POST', body: JSON.stringify({ code: room.code, nick: `bot${i}` }) });
			codes.push(r.status);
		}
		expect(codes.filter((c) => c === 200).length).toBeLessThanOrEqual(20 - 2);
		expect(codes.filter((c) => c === 429).length).toBeGreaterThan(450);
		const seated = s.rooms.store.seats(room.code).map((x) => x.id);
		for (const x of seated) if (x !== a.joined.seat.id && x !== eve.joined.seat.id) s.rooms.store.removeSeat(room.code, x);

		expect(snapshot(s, room.code)).toBe(before);
		s.rooms.project(room.code); // the documents follow the ledger (the bots and Eve's one answer were removed from it above)
		// Eve's own copy may show her edit; the server's and everyone else's do not.
		await until(() => roomMap(a.doc).phase === 'photo', 'Ada sees the true room');
		expect(t.priv.doc.getMap('answered').get('0')).toBe(1);
		await until(() => teacherView(t.priv.doc) === viewBefore, "the teacher's view as before");
		expect(roomMap(t.pub.doc).phase).toBe('photo');
	});

	it('checks nicknames, a wrong secret and the size of a room', async () => {
		const s = keep(await server({ limits: { studentsPerRoom: 2 } }));
		const room = await createRoom(s.url);
		await expect(liveApi(s.url, '/join', { code: room.code, nick: '<script>' })).rejects.toThrow(/letters, digits/);
		await expect(liveApi(s.url, '/join', { code: room.code, nick: 'x'.repeat(40) })).rejects.toThrow(/at most 24/);
		await expect(liveApi(s.url, '/join', { code: 'ZZZZZ', nick: 'Ada' })).rejects.toThrow(/no such room/);
		keep(await student(s.url, room.code, 'Ada'));
		await expect(liveApi(s.url, '/join', { code: room.code, nick: 'ada' })).rejects.toThrow(/taken/);
		keep(await student(s.url, room.code, 'Bo'));
		await expect(liveApi(s.url, '/join', { code: room.code, nick: 'Cy' })).rejects.toThrow(/room is full \(2 students\)/);
		const fake = keep(client(s.url, publicDocName(room.code), JSON.stringify({ role: 'teacher', code: room.code, secret: 'A'.repeat(32) })));
		await expect(fake.synced).rejects.toThrow();
	});

	it('removes a student and deletes a room only for the teacher', async () => {
		const s = keep(await server());
		const room = await createRoom(s.url);
		const t = keep(await teacher(s.url, room));
		const a = keep(await student(s.url, room.code, 'Ada'));
		t.pub.send({ type: 'remove', student: a.joined.seat.id });
		await until(() => a.replies.some((r) => r.type === 'removed'), 'removed');
		await until(() => t.priv.doc.getMap('students').size === 0, 'seat gone');
		t.pub.send({ type: 'delete' });
		await until(() => !s.rooms.store.room(room.code), 'room deleted');
		await expect(liveApi(s.url, '/join', { code: room.code, nick: 'Bo' })).rejects.toThrow(/no such room/);
	});

	it('limits rooms per server and expires rooms after a day', async () => {
		let now = Date.now();
		const s = keep(await server({ limits: { roomsPerServer: 2 } }));
		await createRoom(s.url);
		const second = await createRoom(s.url);
		await expect(createRoom(s.url)).rejects.toThrow(/already holds 2 rooms/);
		(s.rooms as unknown as { now: () => number }).now = () => now;
		now += 25 * 3600 * 1000;
		expect(s.rooms.sweep()).toBe(2);
		await expect(liveApi(s.url, '/join', { code: second.code, nick: 'Ada' })).rejects.toThrow(/no such room/);
	});

	it('keeps a room across a restart: seats, answers, photo', async () => {
		const dataDir = tmpData();
		let s = await server({ dataDir });
		const room = await createRoom(s.url);
		let t = await teacher(s.url, room);
		const a = await student(s.url, room.code, 'Ada');
		t.pub.send({ type: 'start' });
		await until(() => roomMap(a.doc).phase === 'photo', 'started');
		a.send({ type: 'answer', photo: 0, guesses: [42, 7] });
		await until(() => a.replies.some((r) => r.type === 'ack'), 'ack');
		// Stopped at once after the acknowledgement: nothing waits for a debounce.
		a.close();
		t.close();
		await s.close();

		s = keep(await server({ dataDir, port: 0 }));
		t = keep(await teacher(s.url, room));
		expect(roomMap(t.pub.doc)).toMatchObject({ phase: 'photo', index: 0 });
		expect(t.priv.doc.getMap('students').size).toBe(1);
		expect(t.priv.doc.getMap('answers').get(`0:${a.joined.seat.id}`)).toEqual([42, 7]);
		const again = keep(await student(s.url, room.code, 'Ada', a.joined.seat));
		expect(again.joined.answers).toEqual({ 0: [42, 7] });
		t.pub.send({ type: 'reveal', photo: 0, truth: 42, real: [], model: [] });
		await until(() => again.doc.getMap('reveals').get('0'), 'game goes on');
	});
});
