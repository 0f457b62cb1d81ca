// The command-line tools' shared edges: argument parsing and errors. A failure is one line on stderr
// (what failed, which file, what to run) and a non-zero exit: never a stack, and never the TF.js WASM
// module's source, which Emscripten's own uncaught-error handler would otherwise print.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { spawnSync } from 'node:child_process';

/** One line: the first line of the message, cut to a readable length. */
export function oneLine(e: unknown): string {
	const msg = (e as Error)?.message ?? String(e);
	const first = msg.split('\n').find((l) => l.trim()) ?? 'unknown error';
	return first.length > 600 ? `${first.slice(0, 600)}…` : first;
}

export function cliFail(tool: string, e: unknown, code = 2): never {
	process.stderr.write(`${tool}: ${oneLine(e)}\n`);
	process.exit(code);
}

/**
 * Run a tool's main: any error, thrown or rejected, anywhere (also later, from a library's callback), ends
 * the process with one line. The handlers are installed before TF.js loads, so they come before Emscripten's.
 */
export function runCli(tool: string, main: () => Promise<void>): void {
	process.on('uncaughtException', (e) => cliFail(tool, e, 1));
	process.on('unhandledRejection', (e) => cliFail(tool, e, 1));
	main().then(
		() => process.exit(0),
		(e) => cliFail(tool, e, 1)
	);
}

type Options = NonNullable<ParseArgsConfig['options']>;

/** node:util parseArgs, strict, with an unknown option or a missing value said in one line with the known ones. */
export function parseCliArgs<O extends Options>(tool: string, options: O, argv = process.argv.slice(2)) {
	try {
		return parseArgs({ args: argv, options, strict: true, allowPositionals: false }).values;
	} catch (e) {
		const known = Object.entries(options)
			.map(([k, o]) => `--${k}${o.type === 'string' ? ' <value>' : ''}`)
			.join(' ');
		cliFail(tool, `${oneLine(e).replace(/\. To specify a positional.*$/, '')} (options: ${known})`);
	}
}

/** A whole number >= min from an option's text, or a one-line error. */
export function intOption(tool: string, name: string, text: string | undefined, fallback: number, min = 1): number {
	if (text === undefined) return fallback;
	const v = Number(text);
	if (!Number.isInteger(v) || v < min) cliFail(tool, `--${name} must be a whole number >= ${min} (got "${text}")`);
	return v;
}

/** `vite build` for a tool that drives the built app in Chromium (progress on stderr; a failed build ends the tool). */
export function buildApp(tool: string): void {
	process.stderr.write(`${tool}: vite build…\n`);
	const b = spawnSync('npx', ['vite', 'build'], { stdio: ['ignore', 'ignore', 'inherit'] });
	if (b.status !== 0) cliFail(tool, `vite build failed (exit ${b.status})`);
}
