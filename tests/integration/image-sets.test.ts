// Every image set's labels.csv and its images folder list the same photos: a photo taken out of a set (or one
// left behind) fails here, not in the middle of somebody's game.
import { describe, expect, test } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IMAGE_SETS } from '../../src/lib/core/datasets';
import { parseLabels } from '../../src/lib/core/labels';
import { ASSET_ROOT, MIRROR_DIR, syncAssets } from '../../src/lib/node/assets';

const PICTURE = /\.(jpe?g|png)$/i;

/** Files listed but absent, and pictures present but unlisted, for one set folder. */
function disagreement(setDir: string, imagesDir: string): { absent: string[]; unlisted: string[] } {
	const listed = parseLabels(readFileSync(join(setDir, 'labels.csv'), 'utf8')).map((l) => l.filename);
	const present = readdirSync(join(setDir, imagesDir)).filter((f) => PICTURE.test(f));
	const have = new Set(present), want = new Set(listed);
	return { absent: listed.filter((f) => !have.has(f)), unlisted: present.filter((f) => !want.has(f)) };
}

const valSets = IMAGE_SETS.filter((s) => s.kind === 'val');

describe('image sets: labels.csv and images/ agree', () => {
	for (const root of [{ name: 'served copy', dir: join(ASSET_ROOT, 'data') }, { name: 'mirror', dir: join(MIRROR_DIR, 'datasets') }]) {
		for (const set of valSets) {
			test(`${set.id} (${root.name})`, () => {
				const setDir = join(root.dir, set.id);
				expect(existsSync(join(setDir, 'labels.csv')), `${setDir}/labels.csv (run npm run assets)`).toBe(true);
				const d = disagreement(setDir, set.imagesDir);
				expect(d, `${set.id}: listed but absent / present but unlisted`).toEqual({ absent: [], unlisted: [] });
			});
		}
	}

	test('the check itself sees a listed photo that is gone and a photo nobody listed', () => {
		const dir = mkdtempSync(join(tmpdir(), 'arena-set-'));
		mkdirSync(join(dir, 'images'));
		writeFileSync(join(dir, 'labels.csv'), 'filename,wnid,class_index,label,simple_label,real_indices\na.JPEG,n01440764,0,tench,tench,0\nb.JPEG,n01440764,0,tench,tench,0\n');
		writeFileSync(join(dir, 'images', 'a.JPEG'), 'x');
		writeFileSync(join(dir, 'images', 'c.JPEG'), 'x');
		expect(disagreement(dir, 'images')).toEqual({ absent: ['b.JPEG'], unlisted: ['c.JPEG'] });
	});

	test('npm run assets takes out of the served copy a photo the mirror no longer has', async () => {
		const mirror = mkdtempSync(join(tmpdir(), 'arena-mirror-'));
		const target = mkdtempSync(join(tmpdir(), 'arena-assets-'));
		const set = valSets[0].id;
		const src = join(mirror, 'datasets', set, 'images');
		mkdirSync(src, { recursive: true });
		writeFileSync(join(mirror, 'datasets', set, 'labels.csv'), 'filename,wnid,class_index,label,simple_label,real_indices\nkeep.JPEG,n01440764,0,tench,tench,0\n');
		writeFileSync(join(src, 'keep.JPEG'), 'x');
		writeFileSync(join(src, 'gone.JPEG'), 'x');
		await syncAssets({ models: [], sets: [set] }, mirror, target);
		expect(existsSync(join(target, 'data', set, 'images', 'gone.JPEG'))).toBe(true);
		rmSync(join(src, 'gone.JPEG'));
		const r = await syncAssets({ models: [], sets: [set] }, mirror, target);
		expect(r.removed).toBe(1);
		expect(readdirSync(join(target, 'data', set, 'images'))).toEqual(['keep.JPEG']);
	});
});
