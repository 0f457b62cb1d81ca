// npm run class:load -- --students 200 --photos 10 [--instances 2] [--json]
// A live class under load: starts `instances` room servers (scripts/serve.ts, each its own Node process), opens one
// room with the teacher on the first, seats the students across all of them (Node clients, one WebSocket each,
// student i on instance i mod n), and plays `photos` photos: every student answers each photo at a random moment
// within a second. It measures what the teacher's view received, the submit -> teacher latency and the servers'
// resident memory. With more than one instance they scale out as in production: one Redis (REDIS_URL, or a
// redis-server started here on a free port) and one SQLite file (docs/live-class.md).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { connectRoom, liveApi, type RoomConnection } from '../src/lib/live/client';
import { startRedisServer, type LocalRedis } from '../src/lib/node/redis-server';
import { type CreateRoomResult, type JoinResult, publicDocName, studentToken, teacherDocName, teacherToken } from '../src/lib/live/protocol';
import { cliFail, intOption, parseCliArgs, runCli } from '../src/lib/node/cli';
import { freePort } from '../src/lib/node/free-port';

const TOOL = 'class:load';

interface Instance {
	url: string;
	child: ChildProcess;
}

async function startInstance(students: number, dataDir: string, redisUrl: string | null): Promise<Instance> {
	const port = await freePort();
	// CLASS_LOAD_PROF=<folder>: each server writes a V8 CPU profile there when it stops.
	const prof = process.env.CLASS_LOAD_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.CLASS_LOAD_PROF}`] : [];
	const child = spawn(process.execPath, [...prof, '--import', 'tsx', 'scripts/serve.ts'], {
		stdio: ['ignore', 'pipe', 'pipe'],
		env: {
			...process.env,
			HOST: '127.0.0.1',
			PORT: String(port),
			ARENA_DATA: dataDir,
			REDIS_URL: redisUrl ?? '',
			LIVE_STUDENTS_PER_ROOM: String(students),
			LIVE_JOINS_PER_MINUTE: String(students + 10)
		}
	});
	let log = '';
	child.stdout?.on('data', (d) => (log += d));
	child.stderr?.on('data', (d) => (log += d));
	const url = `http://127.0.0.1:${port}`;
	for (const end = Date.now() + 60_000; Date.now() < end; ) {
		if (log.includes('is served at')) return { url, child };
		if (child.exitCode !== null) cliFail(TOOL, `a server exited: ${log.trim()}`);
		await new Promise((r) => setTimeout(r, 100));
	}
	cliFail(TOOL, 'a server did not start within 60 s');
}

/** CPU seconds (user + system) a process has used so far (Linux /proc; clock ticks are 100 per second). */
const cpuSeconds = (pid: number) => {
	const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
	return (Number(f[11]) + Number(f[12])) / 100;
};
const rssMb = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
const quantile = (xs: number[], q: number) => {
	if (!xs.length) return NaN;
	const s = [...xs].sort((a, b) => a - b);
	return s[Math.min(s.length - 1, Math.floor(q * s.length))];
};
/** Refusals the server sent back, by message (a load test should see none). */
const refusals = new Map<string, number>();
const connect = (origin: string, documentName: string, token: string) =>
	connectRoom({
		origin, documentName, token, WebSocketPolyfill: WebSocket,
		onReply: (r) => void (r.type === 'error' && refusals.set(r.message, (refusals.get(r.message) ?? 0) + 1))
	});

runCli(TOOL, async () => {
	const args = parseCliArgs(TOOL, { students: { type: 'string' }, photos: { type: 'string' }, instances: { type: 'string' }, json: { type: 'boolean' } });
	const students = intOption(TOOL, 'students', args.students, 200);
	const photos = intOption(TOOL, 'photos', args.photos, 10);
	const instances = intOption(TOOL, 'instances', args.instances, 1);
	if (photos > 50) cliFail(TOOL, '--photos must be at most 50 (a room holds 50)');
	const log = (s: string) => (args.json ? process.stderr : process.stdout).write(s + '\n');

	let redis: LocalRedis | null = null;
	const redisUrl = instances > 1 ? process.env.REDIS_URL || (redis = await startRedisServer()).url : null;
	const dataDir = mkdtempSync(join(tmpdir(), 'arena-load-'));
	const servers: Instance[] = [];
	const conns: RoomConnection[] = [];
	let peakRss = 0;
	// The room servers' memory (Redis's own is not counted: it is not ours).
	const sampleRss = () => (peakRss = Math.max(peakRss, servers.reduce((a, s) => a + rssMb(s.child.pid!), 0)));
	const rssTimer = setInterval(sampleRss, 200);
	const t0 = performance.now();
	try {
		for (let k = 0; k < instances; k++) servers.push(await startInstance(students, dataDir, redisUrl));
		const sentAt = new Map<string, number>();
		const latencies: number[] = [];
		const received = new Set<string>();
		const home = servers[0].url;
		const room = await liveApi<CreateRoomResult>(home, '/rooms', { photos: Array.from({ length: photos }, (_, i) => ({ set: 'load', image: `p${i}.jpg` })) });
		const pub = connect(home, publicDocName(room.code), teacherToken(room.code, room.secret));
		const priv = connect(home, teacherDocName(room.code), teacherToken(room.code, room.secret));
		conns.push(pub, priv);
		await Promise.all([pub.synced, priv.synced]);
		// The teacher's view: each answer's arrival, matched with its send time.
		priv.doc.getMap('answers').observe((e) => {
			const t = performance.now();
			for (const key of e.keysChanged) {
				if (received.has(key)) continue;
				received.add(key);
				const s = sentAt.get(key);
				if (s !== undefined) latencies.push(t - s);
			}
		});
		const seats: { seat: JoinResult['seat']; conn: RoomConnection }[] = [];
		for (let i = 0; i < students; i++) {
			const url = servers[i % instances].url;
			const j = await liveApi<JoinResult>(url, '/join', { code: room.code, nick: `student ${i}` });
			const conn = connect(url, publicDocName(room.code), studentToken(room.code, j.seat));
			conns.push(conn);
			seats.push({ seat: j.seat, conn });
		}
		await Promise.all(seats.map((s) => s.conn.synced));
		log(`class:load: ${students} students in one room on ${instances} room server(s)${redisUrl ? ` sharing ${redis ? 'a redis-server started here' : 'REDIS_URL'}` : ''}, ${photos} photos`);
		const onPhoto = (c: RoomConnection, p: number) => c.doc.getMap('room').get('index') === p && c.doc.getMap('room').get('phase') === 'photo';
		pub.send({ type: 'start' });
		let sent = 0;
		for (let p = 0; p < photos; p++) {
			// Every student on this photo before anyone answers it.
			for (const end = Date.now() + 10_000; Date.now() < end && seats.some((s) => !onPhoto(s.conn, p)); ) await new Promise((x) => setTimeout(x, 10));
			await Promise.all(
				seats.map(
					(s, i) =>
						new Promise<void>((done) =>
							setTimeout(() => {
								sentAt.set(`${p}:${s.seat.id}`, performance.now());
								s.conn.send({ type: 'answer', photo: p, guesses: [(i * 7 + p) % 1000, (i * 7 + p + 1) % 1000] });
								sent++;
								done();
							}, Math.random() * 1000)
						)
				)
			);
			const want = seats.map((s) => `${p}:${s.seat.id}`);
			for (const end = Date.now() + 5000; Date.now() < end && want.some((w) => !received.has(w)); ) await new Promise((x) => setTimeout(x, 10));
			pub.send({ type: 'reveal', photo: p, truth: 1, real: [], model: [{ classIndex: 1, probability: 0.9 }] });
			for (const end = Date.now() + 5000; Date.now() < end && pub.doc.getMap('room').get('phase') !== 'reveal'; ) await new Promise((x) => setTimeout(x, 10));
			pub.send({ type: 'next' });
		}
		sampleRss();
		const lost = sent - received.size;
		const p50 = quantile(latencies, 0.5), p95 = quantile(latencies, 0.95);
		log(`sent ${sent} answers; received by the teacher's view ${received.size}; lost ${lost}`);
		log(`submit -> teacher: p50 ${p50.toFixed(1)} ms, p95 ${p95.toFixed(1)} ms`);
		log(`server RSS (peak, all instances): ${peakRss.toFixed(0)} MB`);
		// CPU time does not depend on what else the machine runs, unlike the latencies above.
		const gen = process.cpuUsage();
		log(`CPU: servers ${servers.reduce((a, s) => a + cpuSeconds(s.child.pid!), 0).toFixed(1)} s, this load generator ${((gen.user + gen.system) / 1e6).toFixed(1)} s, wall ${((performance.now() - t0) / 1000).toFixed(1)} s`);
		if (refusals.size) log(`refused by the server: ${[...refusals].map(([m, n]) => `${n} x ${m}`).join('; ')}`);
		if (args.json)
			console.log(JSON.stringify({ students, photos, instances, sent, received: received.size, lost, p50_ms: +p50.toFixed(1), p95_ms: +p95.toFixed(1), server_rss_mb: +peakRss.toFixed(0) }));
	} finally {
		clearInterval(rssTimer);
		for (const c of conns) c.close();
		for (const s of servers) s.child.kill('SIGTERM');
		await Promise.all(servers.map((s) => (s.child.exitCode === null ? new Promise((r) => s.child.once('exit', r)) : null)));
		await redis?.stop();
		rmSync(dataDir, { recursive: true, force: true });
	}
});
