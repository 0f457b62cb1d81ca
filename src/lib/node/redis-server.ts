// A throwaway redis-server (Debian's binary) on a free loopback port, without persistence: the scale-out test and
// `npm run class:load -- --instances 2` start one when no REDIS_URL is given.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const s = createServer();
		s.listen(0, '127.0.0.1', () => {
			const port = (s.address() as { port: number }).port;
			s.close(() => resolve(port));
		});
		s.on('error', reject);
	});
}

export interface LocalRedis {
	url: string;
	pid: number;
	stop(): void;
}

/** Resolves once it accepts connections; rejects with a one-line reason when the binary is missing or it exits. */
export async function startRedisServer(bin = 'redis-server'): Promise<LocalRedis> {
	const port = await freePort();
	const child: ChildProcess = spawn(bin, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: ['ignore', 'pipe', 'pipe'] });
	let log = '';
	return new Promise((resolve, reject) => {
		const timer = setTimeout(() => (child.kill('SIGKILL'), reject(new Error(`redis-server did not start within 10 s:\n${log}`))), 10_000);
		child.once('error', (e) => {
			clearTimeout(timer);
			reject(new Error(`redis-server could not be started (${e.message}): install it (apt-get install redis-server, as .ci/run does)`));
		});
		child.once('exit', (code) => {
			clearTimeout(timer);
			reject(new Error(`redis-server exited with ${code}:\n${log}`));
		});
		const onData = (d: Buffer) => {
			log += d;
			if (log.includes('Ready to accept connections')) {
				clearTimeout(timer);
				resolve({ url: `redis://127.0.0.1:${port}`, pid: child.pid!, stop: () => void child.kill('SIGTERM') });
			}
		};
		child.stdout?.on('data', onData);
		child.stderr?.on('data', onData);
	});
}
