// npx tsx scripts/screenshot-game.ts: plays a short practice game in the built app and writes screenshots of the
// round, the reveal, the hierarchy browser, the final scoreboard and the lab's mistakes page (laptop and phone) to test-results/.
import { launchChromium } from '../tests/e2e/browser';
import { startPreview } from '../tests/e2e/server';
const server = await startPreview();
const browser = await launchChromium();
for (const [label, width, height] of [['laptop', 1366, 860], ['phone', 390, 844]] as const) {
  const page = await browser.newPage({ viewport: { width, height } });
  page.on('pageerror', (e) => console.log('pageerror', e.message));
  page.on("response", (r) => r.status() >= 400 && console.log("HTTP", r.status(), r.url()));
  await page.goto(`${server.url}/play?set=ilsvrc2012_val_acuity1300&n=2&t=60&model=tflite-mobilenet-v2-1.0-224&mode=practice&seed=2014`);
  await page.getByTestId('player').fill('Ada');
  await page.getByTestId('start').click();
  const input = page.getByTestId('picker-input');
  await input.waitFor();
  await input.pressSequentially('eal', { delay: 5 });
  await page.waitForTimeout(400);
  await page.screenshot({ path: `test-results/round-${label}.png`, fullPage: false });
  await input.press('Enter'); await input.press('Enter');
  await page.getByTestId('reveal').waitFor();
  await page.waitForTimeout(300);
  await page.screenshot({ path: `test-results/reveal-${label}.png`, fullPage: true });
  await page.getByTestId('next').click();
  await input.waitFor();
  await page.locator('[data-testid=tree] button').first().click();
  await page.waitForTimeout(300);
  await page.screenshot({ path: `test-results/tree-${label}.png` });
  await input.press('Enter');
  await page.getByTestId('next').click();
  await page.getByTestId('done').waitFor();
  await page.waitForTimeout(500);
  await page.screenshot({ path: `test-results/done-${label}.png`, fullPage: true });
  await page.goto(`${server.url}/lab/mistakes`);
  await page.getByTestId('mistake-category').waitFor();
  await page.getByLabel(/include practice/).check();
  await page.waitForTimeout(500);
  await page.screenshot({ path: `test-results/mistakes-${label}.png`, fullPage: true });
}
await browser.close(); server.stop();
