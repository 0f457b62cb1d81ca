// The /live and /join state machines against a real room server (Node clients), and the class results/export.
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { connectRoom, liveApi } from '../../src/lib/live/client';
import { classExport, classGames } from '../../src/lib/live/results';
import { classResults, fooledClass, fooledModel, playerBoard } from '../../src/lib/arena/class-results';
import { LiveStudent, type SavedSeat, type StudentIO } from '../../src/lib/live/student.svelte';
import { LiveTeacher, type SavedRoom, type TeacherIO } from '../../src/lib/live/teacher.svelte';
import { parseExport } from '../../src/lib/store/exchange';
import { server, until } from './live-helpers';

const open: { close(): unknown }[] = [];
afterEach(async () => {
	for (const c of open.splice(0).reverse()) await c.close();
});

const LABELS = [10, 20, 30].map((c, i) => ({ filename: `p${i}.jpg`, wnid: 'n0', classIndex: c, real: [] as number[] }));

function teacherIO(origin: string): TeacherIO {
	let saved: SavedRoom | null = null;
	return {
		api: (p, b) => liveApi(origin, p, b),
		connect: (o) => connectRoom({ origin, ...o, WebSocketPolyfill: WebSocket }),
		// The model: right on photo 0 only.
		modelFive: async (p) => [{ classIndex: p.image === 'p0.jpg' ? 10 : 999, probability: 0.9 }],
		saved: { get: () => saved, set: (r) => void (saved = r) },
		backend: () => 'cpu'
	};
}

function studentIO(origin: string, seats = new Map<string, SavedSeat>()): StudentIO & { seats: StudentIO['seats'] } {
	return {
		api: (p, b) => liveApi(origin, p, b),
		connect: (o) => connectRoom({ origin, ...o, WebSocketPolyfill: WebSocket }),
		seats: { get: (c) => structuredClone(seats.get(c) ?? null), set: (s) => void seats.set(s.code, structuredClone(s)), remove: (c) => void seats.delete(c) }
	};
}

describe('live class state machines', () => {
	it('teacher and students play; a student answers while disconnected and a reload keeps the seat', async () => {
		const s = await server();
		open.push(s);
		const t = new LiveTeacher(teacherIO(s.url));
		open.push(t);
		await t.create(LABELS, 'set1', 7, 'mobilenet');
		expect(t.phase).toBe('lobby');
		const code = t.room!.code;
		const seats = new Map<string, SavedSeat>();
		const ada = new LiveStudent(studentIO(s.url, seats));
		const bo = new LiveStudent(studentIO(s.url));
		open.push(ada, bo);
		await ada.join(code, 'Ada');
		await bo.join(code.toLowerCase(), 'Bo');
		await until(() => t.students.length === 2, 'two students');
		t.start();
		await until(() => ada.phase === 'photo' && bo.phase === 'photo', 'photo 1');
		ada.answer([10, 11]);
		bo.answer([12]);
		await until(() => t.answeredNow === 2, 'two answers');
		expect(t.guessesNow().sort()).toEqual([[10, 11], [12]]);
		expect(ada.reveal).toBeNull();
		await t.revealNow();
		await until(() => ada.reveal, 'reveal');
		expect(ada.reveal).toMatchObject({ truth: 10, classRight: 1, modelRight: true });
		t.next();
		await until(() => ada.index === 1 && ada.phase === 'photo', 'photo 2');

		// Ada's connection drops; she answers; the answer is kept unacknowledged, then delivered on reconnect.
		ada.close();
		ada.phase = 'photo';
		ada.answer([20]);
		expect(ada.mine).toEqual({ guesses: [20], acked: false });
		expect(seats.get(code)!.answers['1']).toEqual({ guesses: [20], acked: false });
		// A reload: a new page with the same saved seat.
		const again = new LiveStudent(studentIO(s.url, seats));
		open.push(again);
		await again.join(code, '');
		expect(again.nick).toBe('Ada');
		await until(() => again.answers['1']?.acked, 'late answer acknowledged');
		await until(() => t.answeredNow === 1, 'teacher sees it');
		expect(again.answers['0']).toEqual({ guesses: [10, 11], acked: true });

		await t.revealNow();
		await until(() => t.reveal, 'reveal 2');
		t.end();
		await until(() => again.phase === 'end', 'end');
		const rec = t.record()!;
		const res = classResults(classGames(rec));
		expect(res.sources).toEqual([`room ${rec.code}`]);
		expect(res.sections).toHaveLength(1);
		const sum = res.sections[0];
		expect(sum.board.rounds).toBe(3); // Ada 2 + Bo 1
		expect(sum.board.human.top5.errors).toBe(1); // Bo missed photo 0
		expect(sum.board.human.meanSeconds).toBeNull(); // live answers are not timed: no "0 s"
		expect(sum.players.map((p) => [p.player, playerBoard(p).rounds])).toEqual([['Ada', 2], ['Bo', 1]]);
		expect(sum.photos.filter(fooledModel).map((p) => p.firstIndex)).toEqual([1]);
		expect(sum.photos.filter(fooledClass)).toEqual([]);
		const json = parseExport(classExport(rec, 'json'), 'class.json');
		expect(json.problems).toEqual([]);
		expect(json.sessions.map((x) => x.session.player).sort()).toEqual(['Ada', 'Bo']);
		const csv = parseExport(classExport(rec, 'csv', (i) => `name ${i}`), 'class.csv');
		expect(csv.problems).toEqual([]);
		expect(csv.sessions.flatMap((x) => x.rounds).length).toBe(3);
	});
	it('a double click on "Open a room" makes one room (issue #24: every create button is idempotent)', async () => {
		const s = await server();
		open.push(s);
		const io = teacherIO(s.url);
		let made = 0;
		const api = io.api;
		io.api = (p, b) => {
			if (p === '/rooms') made++;
			return api(p, b);
		};
		const t = new LiveTeacher(io);
		open.push(t);
		const first = t.create(LABELS, 'set1', 7, 'mobilenet');
		const second = t.create(LABELS, 'set1', 8, 'mobilenet');
		expect(second).toBe(first);
		await Promise.all([first, second]);
		expect(made).toBe(1);
		expect(t.phase).toBe('lobby');
		// Once made, a new click makes a new room.
		await t.create(LABELS, 'set1', 9, 'mobilenet');
		expect(made).toBe(2);
	});
});
