// Serve the built app with the real server (scripts/serve.ts: build/ plus the live class's room server on one
// origin) on a free loopback port for the end-to-end tests. Its SQLite file goes to a fresh temporary folder,
// unless a test passes its own (to restart a server on the same data).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../src/lib/node/free-port';

export interface Served {
	url: string;
	port: number;
	dataDir: string;
	stop: () => void;
	/** SIGKILL: no graceful close (what a crashed or unplugged server looks like). */
	kill: () => void;
}

export async function startPreview(opts: { port?: number; dataDir?: string } = {}): Promise<Served> {
	const port = opts.port ?? (await freePort());
	const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'arena-e2e-'));
	const child: ChildProcess = spawn('npx', ['tsx', 'scripts/serve.ts'], {
		stdio: ['ignore', 'pipe', 'pipe'],
		detached: true,
		env: { ...process.env, HOST: '127.0.0.1', PORT: String(port), ARENA_DATA: dataDir }
	});
	let log = '';
	child.stdout?.on('data', (d) => (log += d));
	child.stderr?.on('data', (d) => (log += d));
	const url = `http://127.0.0.1:${port}`;
	const signal = (s: NodeJS.Signals) => () => {
		try {
			process.kill(-child.pid!, s);
		} catch {
			/* gone already */
		}
	};
	const deadline = Date.now() + 60_000;
	while (Date.now() < deadline) {
		try {
			const res = await fetch(url);
			if (res.ok) return { url, port, dataDir, stop: signal('SIGTERM'), kill: signal('SIGKILL') };
		} catch {
			/* not up yet */
		}
		if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}: ${log}`);
		await new Promise((r) => setTimeout(r, 200));
	}
	signal('SIGTERM')();
	throw new Error(`the server did not start within 60 s: ${log}`);
}
