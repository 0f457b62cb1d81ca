// npm start / npm run preview: serve the built app (build/) and the live class's room server (WebSocket on
// /live/ws) on one origin, 127.0.0.1:4173 or $HOST:$PORT. The port is strict: when it is taken this says so in one
// line instead of quietly moving to the next free port, and on success it prints the URL it really serves.
// HOST=0.0.0.0 lets phones on the same network join a live class; the LAN addresses are printed too.
import { createServer } from 'node:net';
import { startLiveServer } from '../src/server/app';
import type { LiveLimits } from '../src/server/limits';
import { cliFail, runCli } from '../src/lib/node/cli';

const TOOL = 'start';
const host = process.env.HOST ?? '127.0.0.1';
const port = Number(process.env.PORT ?? 4173);

const taken = () =>
	cliFail(TOOL, `port ${port} on ${host} is already in use (another npm start or vite preview?): stop that one, or run PORT=${port + 1} npm start`);

/** Whether host:port can be listened on now (checked first, so a taken port is the message even before a build). */
function portFree(): Promise<boolean> {
	return new Promise((resolve) => {
		const probe = createServer();
		probe.once('error', () => resolve(false));
		probe.listen(port, host, () => probe.close(() => resolve(true)));
	});
}

/** LIVE_STUDENTS_PER_ROOM, LIVE_ROOMS, LIVE_JOINS_PER_MINUTE: the room server's limits (docs/live-class.md). */
function limitsFromEnv(): Partial<LiveLimits> {
	const out: Partial<LiveLimits> = {};
	const read = (name: string, key: keyof LiveLimits) => {
		const raw = process.env[name];
		if (raw === undefined) return;
		const n = Number(raw);
		if (!Number.isInteger(n) || n < 1) cliFail(TOOL, `${name} must be a whole number above 0 (got "${raw}")`);
		out[key] = n;
	};
	read('LIVE_STUDENTS_PER_ROOM', 'studentsPerRoom');
	read('LIVE_ROOMS', 'roomsPerServer');
	read('LIVE_JOINS_PER_MINUTE', 'joinsPerMinute');
	return out;
}

runCli(TOOL, async () => {
	if (!Number.isInteger(port) || port < 1 || port > 65535) cliFail(TOOL, `PORT must be a port number (got "${process.env.PORT}")`);
	if (!(await portFree())) taken();
	try {
		const server = await startLiveServer({ host, port, staticDir: 'build', limits: limitsFromEnv() });
		console.log(`ConvNet Arena is served at ${server.url}  (Ctrl+C stops it)`);
		for (const lan of server.lanUrls) console.log(`  on this network: ${lan}  (live class: ${lan}live)`);
		if (process.env.REDIS_URL) console.log(`  live rooms shared over Redis (REDIS_URL) with the other instances on ${process.env.ARENA_DATA ?? 'data'}/live.sqlite`);
		const stop = () => void server.close().then(() => process.exit(0));
		process.once('SIGINT', stop);
		process.once('SIGTERM', stop);
		await new Promise(() => {}); // serve until stopped
	} catch (e) {
		if ((e as NodeJS.ErrnoException).code === 'EADDRINUSE') taken();
		throw e;
	}
});
