// Importing players' exports on /class: read each file a chunk of records at a time (the page keeps painting and
// says how far it got), keep only rounds whose photo is one of the set they name, never replace another player's
// game, and write the games in a few large transactions. The rules themselves are in store/exchange.ts.
import { IMAGE_SETS } from '../core/datasets';
import type { ImportedSession, Store } from '../store/db';
import { ImportCollector, keepKnownImages, planImports, tooLarge } from '../store/exchange';
import { loadImageSet } from './data';

export interface ImportOutcome {
	/** Every file, row or game left out, with why. */
	problems: string[];
	added: number;
	roundsAdded: number;
	/** Games that replaced an earlier import of the same game. */
	replaced: number;
}

/** Yield to the browser: a macrotask, so input and paint go first. */
const pause = () => new Promise<void>((r) => setTimeout(r, 0));

export async function importFiles(files: File[], store: Store, base: string, say: (progress: string) => void): Promise<ImportOutcome> {
	const collector = new ImportCollector();
	const problems: string[] = [];
	for (const [k, file] of files.entries()) {
		const big = tooLarge(file.name, file.size);
		if (big) {
			problems.push(big);
			continue;
		}
		const what = `Reading ${k + 1} of ${files.length}: ${file.name} (${(file.size / 1e6).toFixed(1)} MB)`;
		say(`${what}…`);
		await pause(); // let the message paint before a large file is parsed
		try {
			await collector.addInChunks(await file.text(), file.name, { pause, onProgress: (done, total) => say(`${what}: ${done} of ${total} records checked…`) });
		} catch (e) {
			problems.push(`${file.name}: could not be read (${(e as Error).message})`);
		}
	}
	// Photos are named by file name within a set the app has: anything else is left out, never requested.
	const result = collector.result();
	const sets = new Map<string, ReadonlySet<string>>();
	for (const id of new Set(result.sessions.flatMap((s) => s.rounds.map((r) => r.set))))
		if (IMAGE_SETS.some((s) => s.id === id && s.kind === 'val'))
			await loadImageSet(base, id).then(
				(images) => sets.set(id, new Set(images.map((i) => i.filename))),
				(e) => problems.push(`The photos of ${id} could not be listed (${(e as Error).message}): its rounds are left out`)
			);
	const checked = keepKnownImages(result, (id) => sets.get(id));
	problems.push(...checked.problems);

	const importedAt = new Date().toISOString();
	const entries: ImportedSession[] = [];
	for (const { session, rounds, files: from } of checked.sessions) {
		if (!rounds.length) problems.push(`The game of ${session.player} has no readable rounds`);
		else entries.push({ id: session.id, session, rounds, file: from.join(', '), importedAt });
	}
	say('Checking against the games already imported…');
	const existing = new Map((await store.imports()).map((i) => [i.id, i]));
	const plan = planImports(existing, entries);
	problems.push(...plan.refused);
	let added = 0;
	try {
		await store.putImports(plan.put, (done) => {
			added = done;
			say(`Saving ${done} of ${plan.put.length} games…`);
		});
	} catch (e) {
		// Storage full part-way: each game not saved is named (the message says what to do).
		for (const left of plan.put.slice(added)) problems.push(`The game of ${left.session.player}: ${(e as Error).message}`);
	}
	const roundsAdded = plan.put.slice(0, added).reduce((n, e) => n + e.rounds.length, 0);
	return { problems, added, roundsAdded, replaced: added ? plan.replaced : 0 };
}
