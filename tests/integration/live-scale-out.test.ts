// Scale-out (issue #20): two room servers sharing one Redis (a redis-server this test starts on a free port) and one
// SQLite file; the teacher on instance A, students on instance B (and one on A), the same room. It needs Debian's
// redis-server binary and fails, never skips, without it (.ci/run installs it).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Reply } from '../../src/lib/live/protocol';
import type { LiveServer } from '../../src/server/app';
import { startRedisServer } from '../../src/lib/node/redis-server';
import { createRoom, roomMap, server, student, teacher, tmpData, until } from '../unit/live-helpers';

describe('live class over two instances and Redis', () => {
	let redis: Awaited<ReturnType<typeof startRedisServer>>;
	let a: LiveServer, b: LiveServer;
	const open: { close(): unknown }[] = [];
	const keep = <T extends { close(): unknown }>(x: T) => (open.push(x), x);

	beforeAll(async () => {
		redis = await startRedisServer();
		const dataDir = tmpData(); // one ledger for both (one host: one SQLite file in WAL mode)
		a = await server({ dataDir, redisUrl: redis.url });
		b = await server({ dataDir, redisUrl: redis.url });
	});
	afterAll(async () => {
		for (const c of open.splice(0).reverse()) await c.close();
		await a?.close();
		await b?.close();
		await redis?.stop();
	});

	it('answers on B reach the teacher on A; start, reveal, next and remove from A reach students on B', async () => {
		expect(a.id).not.toBe(b.id);
		const room = await createRoom(a.url);
		const t = keep(await teacher(a.url, room));
		const ada = keep(await student(b.url, room.code, 'Ada'));
		const bo = keep(await student(b.url, room.code, 'Bo'));
		const cy = keep(await student(a.url, room.code, 'Cy'));
		// B's joins reach the teacher's document, open only on A.
		await until(() => t.priv.doc.getMap('students').size === 3, 'three students in the teacher view on A');

		t.pub.send({ type: 'start' });
		await until(() => roomMap(ada.doc).phase === 'photo' && roomMap(bo.doc).phase === 'photo', 'start reaches the students on B');

		ada.send({ type: 'answer', photo: 0, guesses: [7, 8, 9] });
		bo.send({ type: 'answer', photo: 0, guesses: [9] });
		cy.send({ type: 'answer', photo: 0, guesses: [3] });
		await until(() => t.priv.doc.getMap('answered').get('0') === 3, 'three answers counted on A');
		expect(t.priv.doc.getMap('answers').toJSON()).toEqual({
			[`0:${ada.joined.seat.id}`]: [7, 8, 9],
			[`0:${bo.joined.seat.id}`]: [9],
			[`0:${cy.joined.seat.id}`]: [3]
		});
		expect(ada.replies).toContainEqual({ type: 'ack', photo: 0, guesses: [7, 8, 9] });
		// One ledger: both instances read the same answers.
		expect(b.rooms.store.answers(room.code)).toEqual(a.rooms.store.answers(room.code));
		// A second, different answer through the other instance is refused there too.
		bo.send({ type: 'answer', photo: 0, guesses: [1] });
		await until(() => bo.replies.some((r) => r.type === 'error'), 'second answer refused');
		expect(bo.replies.at(-1)).toMatchObject({ type: 'error', message: 'you already answered this photo' });

		t.pub.send({ type: 'reveal', photo: 0, truth: 9, real: [], model: [{ classIndex: 3, probability: 0.5 }] });
		await until(() => ada.doc.getMap('reveals').get('0'), 'the reveal reaches B');
		expect(ada.doc.getMap('reveals').get('0')).toMatchObject({ truth: 9, answered: 3, classRight: 2, modelRight: false });
		t.pub.send({ type: 'next' });
		await until(() => roomMap(ada.doc).index === 1 && roomMap(bo.doc).index === 1 && roomMap(ada.doc).phase === 'photo', 'next reaches B');

		// Photo 1: answers given on B at the same moment all arrive.
		ada.send({ type: 'answer', photo: 1, guesses: [1] });
		bo.send({ type: 'answer', photo: 1, guesses: [2] });
		await until(() => t.priv.doc.getMap('answered').get('1') === 2, 'photo 1 answers on A');

		// The teacher on A removes a student connected to B: B closes that connection.
		t.pub.send({ type: 'remove', student: bo.joined.seat.id });
		await until(() => bo.replies.some((r: Reply) => r.type === 'removed'), 'the removal reaches B');
		await until(() => !t.priv.doc.getMap('students').has(bo.joined.seat.id) && !t.priv.doc.getMap('answers').has(`0:${bo.joined.seat.id}`), 'removed on A');
		expect(a.rooms.store.seat(room.code, bo.joined.seat.id)).toBeNull();

		// Redis goes away: B still takes a join and an answer (into the shared ledger), but its events to A are
		// lost. When Redis is back on the same port, every instance re-projects its rooms from the ledger.
		await redis.stop();
		const dee = keep(await student(b.url, room.code, 'Dee'));
		dee.send({ type: 'answer', photo: 1, guesses: [4] });
		await until(() => dee.replies.some((r) => r.type === 'ack'), "Dee's answer acknowledged during the outage");
		expect(t.priv.doc.getMap('students').has(dee.joined.seat.id)).toBe(false);
		redis = await startRedisServer({ port: redis.port });
		await until(() => (t.priv.doc.getMap('answers').get(`1:${dee.joined.seat.id}`) as number[] | undefined)?.[0] === 4, "Dee's answer on A after Redis came back", 20_000);
		expect(t.priv.doc.getMap('students').has(dee.joined.seat.id)).toBe(true);
	});
});
