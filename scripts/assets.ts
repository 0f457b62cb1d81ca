// npm run assets: copy models and image sets from a local mirror (default ../shared, or $ARENA_MIRROR)
// into git-ignored folders under static/ (or $ARENA_ASSETS), which the app serves from its own origin.
// The work is done by src/lib/node/assets.ts, which eval, sweep and bench also call.
import { relative } from 'node:path';
import { syncAssets } from '../src/lib/node/assets';

const t0 = performance.now();
const r = await syncAssets();
console.log(`assets: mirror ${r.mirrorFound ? r.mirror : `${r.mirror} (not found)`} -> ${relative(process.cwd(), r.target) || r.target}/`);
console.log(`assets: ${r.copied} copied, ${r.downloaded} downloaded, ${r.removed} removed, ${r.kept} up to date (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
if (r.missing.length) {
	console.error(`\nassets: ${r.missing.length} item(s) missing:\n  ${r.missing.join('\n  ')}`);
	if (r.unreachable.length) console.error(`(download failed from: ${r.unreachable.join(', ')})`);
	console.error(
		`\nGet the mirror (the project's shared/ folder) beside this checkout as ../shared, or point ARENA_MIRROR at a copy of it, then run "npm run assets" again.`
	);
	if (r.fatal.length) {
		console.error('assets: the default model, the default image set or the class list is missing: the app cannot run without them.');
		process.exit(1);
	}
}
