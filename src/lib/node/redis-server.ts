// A throwaway redis-server (Debian's binary) on a free loopback port, without persistence: the scale-out test and
// `npm run class:load -- --instances 2` start one when no REDIS_URL is given.
import { spawn, type ChildProcess } from 'node:child_process';
import { freePort } from './free-port';

export interface LocalRedis {
	url: string;
	port: number;
	pid: number;
	/** SIGTERM; resolves once the process has exited. */
	stop(): Promise<void>;
}

/** Resolves once it accepts connections; rejects with a one-line reason when the binary is missing or it exits. */
export async function startRedisServer(opts: { port?: number; bin?: string } = {}): Promise<LocalRedis> {
	const bin = opts.bin ?? 'redis-server';
	const port = opts.port ?? (await freePort());
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
				const exited = new Promise<void>((r) => child.once('exit', () => r()));
				resolve({ url: `redis://127.0.0.1:${port}`, port, pid: child.pid!, stop: () => (child.kill('SIGTERM'), exited) });
			}
		};
		child.stdout?.on('data', onData);
		child.stderr?.on('data', onData);
	});
}
