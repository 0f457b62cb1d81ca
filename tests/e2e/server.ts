// Serve the built app (vite preview) on a free loopback port for the end-to-end tests.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

async function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const s = createServer();
		s.listen(0, '127.0.0.1', () => {
			const port = (s.address() as { port: number }).port;
			s.close(() => resolve(port));
		});
		s.on('error', reject);
	});
}

export async function startPreview(): Promise<{ url: string; stop: () => void }> {
	const port = await freePort();
	const child: ChildProcess = spawn('npx', ['vite', 'preview', '--host', '127.0.0.1', '--port', String(port), '--strictPort'], {
		stdio: ['ignore', 'pipe', 'pipe'],
		detached: true
	});
	const url = `http://127.0.0.1:${port}`;
	const deadline = Date.now() + 60_000;
	while (Date.now() < deadline) {
		try {
			const res = await fetch(url);
			if (res.ok) return { url, stop: () => process.kill(-child.pid!, 'SIGTERM') };
		} catch {
			/* not up yet */
		}
		if (child.exitCode !== null) throw new Error(`vite preview exited with ${child.exitCode}`);
		await new Promise((r) => setTimeout(r, 200));
	}
	process.kill(-child.pid!, 'SIGTERM');
	throw new Error('vite preview did not start within 60 s');
}
