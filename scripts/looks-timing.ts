// npm run looks-timing -- [--model <id>] [--runs N] [--set <id>] [--no-build]
// Per-photo time of one look against ten looks (four corners + centre, each mirrored, one batch) in headless
// Chromium on the automatic backend (WASM here), through the lab page's "look 10 times" toggle: each toggle
// re-answers the same photo, and the page prints the time of that answer. Prints the medians and their ratio.
import { median } from 'simple-statistics';
import { cliFail, intOption, parseCliArgs, runCli, buildApp } from '../src/lib/node/cli';
import { prepareAssets } from '../src/lib/node/assets';
import { DEFAULT_MODEL_ID, getModel } from '../src/lib/core/catalogue';

const TOOL = 'looks-timing';
const args = parseCliArgs(TOOL, {
	model: { type: 'string', default: 'caffe-bvlc-googlenet' },
	set: { type: 'string', default: 'ilsvrc2012_val_fullframe' },
	runs: { type: 'string', default: '7' },
	'no-build': { type: 'boolean', default: false }
});

runCli(TOOL, async () => {
	const entry = getModel(args.model!);
	const runs = intOption(TOOL, 'runs', args.runs, 7);
	await prepareAssets({ models: [...new Set([DEFAULT_MODEL_ID, entry.id])] });
	if (!args['no-build']) buildApp(TOOL);
	const { launchChromium } = await import('../tests/e2e/browser');
	const { startPreview } = await import('../tests/e2e/server');
	const server = await startPreview();
	const browser = await launchChromium();
	try {
		const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
		await page.goto(`${server.url}/lab?set=${args.set}`);
		await page.getByTestId('model-select').selectOption(entry.id);
		const ms = page.getByTestId('lab-ms');
		const toggle = page.getByTestId('looks-10');
		/** Flip the toggle, wait for a new answer time, return it. */
		const answerMs = async () => {
			const before = (await ms.count()) ? await ms.textContent() : null;
			await toggle.click();
			await page.waitForFunction(() => !document.querySelector('[data-testid=topk-transformed] h2 .muted'), undefined, { timeout: 120_000 });
			await page.waitForFunction((b) => document.querySelector('[data-testid=lab-ms]')?.textContent !== b, before, { timeout: 120_000 });
			await page.waitForFunction(() => !document.querySelector('[data-testid=topk-transformed] h2 .muted'), undefined, { timeout: 120_000 });
			return Number(((await ms.textContent()) ?? '').match(/(\d+) ms/)![1]);
		};
		await page.locator('[data-testid=topk-original] [data-testid=topk] li').first().waitFor({ timeout: 180_000 });
		const once: number[] = [], ten: number[] = [];
		await answerMs(); // warm-up: the first ten-crop batch allocates
		await answerMs();
		for (let i = 0; i < runs; i++) {
			ten.push(await answerMs());
			once.push(await answerMs());
			console.error(`  run ${i + 1}/${runs}: 10 looks ${ten.at(-1)} ms, 1 look ${once.at(-1)} ms`);
		}
		const m1 = median(once), m10 = median(ten);
		console.log(`looks timing, ${entry.id}, Chromium ${browser.version()} (headless), automatic backend (WASM where there is no real GPU), lab page, one ${args.set} photo, ${runs} runs each`);
		console.log(`  1 look:   median ${m1.toFixed(0)} ms per photo`);
		console.log(`  10 looks: median ${m10.toFixed(0)} ms per photo (one batch of 10)`);
		console.log(`  ratio:    ${(m10 / m1).toFixed(2)}`);
	} finally {
		await browser.close();
		server.stop();
	}
});
