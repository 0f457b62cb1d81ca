// npm start / npm run preview: serve the built app (build/) on 127.0.0.1:4173, or $PORT. The port is strict:
// when it is taken this says so in one line instead of quietly moving to the next free port, and on success it
// prints the URL it really serves.
import { createServer } from 'node:net';
import { preview } from 'vite';
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

runCli(TOOL, async () => {
	if (!Number.isInteger(port) || port < 1 || port > 65535) cliFail(TOOL, `PORT must be a port number (got "${process.env.PORT}")`);
	if (!(await portFree())) taken();
	try {
		const server = await preview({ preview: { host, port, strictPort: true }, logLevel: 'warn' });
		const url = server.resolvedUrls?.local[0] ?? `http://${host}:${port}/`;
		console.log(`ConvNet Arena is served at ${url}  (Ctrl+C stops it)`);
		await new Promise(() => {}); // serve until stopped
	} catch (e) {
		const msg = (e as Error).message ?? '';
		if (/already in use/i.test(msg)) taken();
		throw e;
	}
});
