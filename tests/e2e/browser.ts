// Launch Debian's Chromium through playwright-core (a browser download never works here).
import { chromium, type Browser, type Page } from 'playwright-core';
import type { BenchReport } from '../../src/lib/bench/report';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
	'--enable-unsafe-webgpu', // without it navigator.gpu.requestAdapter() returns null
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync'
];

export function launchChromium(): Promise<Browser> {
	return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
}

/** The app's inference workers running in a page now (a page left must have none). */
export const inferenceWorkers = (page: Page) => page.workers().filter((w) => w.url().includes('inference.worker'));

/** The /bench page's finished report, which it leaves on `window.__benchResult`. */
export function benchResult(page: Page, timeout = 150_000): Promise<BenchReport> {
	return page
		.waitForFunction(() => (window as unknown as { __benchResult?: unknown }).__benchResult, null, { timeout, polling: 500 })
		.then((h) => h.jsonValue() as Promise<BenchReport>);
}
