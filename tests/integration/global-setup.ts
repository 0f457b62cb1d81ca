// The integration tier runs on the real mirror: without it every test here fails at once with one message,
// instead of tests passing or skipping because their data is absent.
import { syncAssets } from '../../src/lib/node/assets';

export async function setup() {
	const r = await syncAssets();
	if (!r.mirrorFound) throw new Error(`test:integration needs the data mirror: ${r.mirror} was not found (put it beside this checkout as ../shared or set ARENA_MIRROR)`);
	if (r.missing.length) throw new Error(`test:integration: ${r.missing.length} asset(s) missing:\n  ${r.missing.join('\n  ')}`);
}
