// Builds the picker's word index from WordNet (the mirror's copy of ImageNet's full is-a graph): the words
// *under* each class (lemmas of its hyponyms: "grizzly" is a brown bear, "combine" a harvester, "bolt" a
// screw), and for nouns with no class at all, the nearest group above them ("turkey": gallinaceous birds,
// "ocelot": wildcats) so the picker can say the class is missing and offer the nearest. Pure: the build
// script (scripts/picker-words.ts) reads the files, a unit test checks the committed JSON against it.

export interface WordIndex {
	/** class wnid -> lemmas of the synsets below it, "|"-separated. */
	hyponyms: Record<string, string>;
	/** group wnid -> single-word nouns with no class, for which this group is the nearest above, " "-separated. */
	nearest: Record<string, string>;
}

/** A nearest group must be this close (is-a steps) and this small to be a useful suggestion. */
export const NEAREST_STEPS = 2;
export const NEAREST_MAX_CLASSES = 30;

/**
 * @param edgesText "parent child" per line (BREEDS class_hierarchy.txt)
 * @param namesText "wnid<TAB>lemma, lemma" per line (BREEDS node_names.txt)
 * @param classWnids the 1000 class wnids
 * @param groups internal nodes above the classes: wnid -> number of classes below
 */
export function buildWordIndex(edgesText: string, namesText: string, classWnids: string[], groups: Map<string, number>): WordIndex {
	const parents = new Map<string, string[]>();
	const children = new Map<string, string[]>();
	for (const line of edgesText.split('\n')) {
		const [p, c] = line.trim().split(/\s+/);
		if (!p || !c) continue;
		(parents.get(c) ?? parents.set(c, []).get(c)!).push(p);
		(children.get(p) ?? children.set(p, []).get(p)!).push(c);
	}
	const names = new Map<string, string[]>();
	for (const line of namesText.split('\n')) {
		const tab = line.indexOf('\t');
		if (tab > 0) names.set(line.slice(0, tab), line.slice(tab + 1).split(',').map((s) => s.trim()).filter(Boolean));
	}
	const isClass = new Set(classWnids);
	// Scientific names ("Ursus horribilis") are capitalised and several words: nobody types them in a game.
	const latin = (lemma: string) => /^[A-Z]/.test(lemma) && lemma.includes(' ');
	const classLemmas = new Set(classWnids.flatMap((w) => (names.get(w) ?? []).map((l) => l.toLowerCase())));

	const hyponyms: Record<string, string> = {};
	const under = new Set<string>();
	for (const c of classWnids) {
		const seen = new Set<string>();
		const stack = [...(children.get(c) ?? [])];
		while (stack.length) {
			const x = stack.pop()!;
			if (seen.has(x) || isClass.has(x)) continue;
			seen.add(x);
			stack.push(...(children.get(x) ?? []));
		}
		const lemmas = new Set<string>();
		for (const x of [...seen].sort()) {
			for (const l of names.get(x) ?? []) {
				if (latin(l) || classLemmas.has(l.toLowerCase())) continue;
				lemmas.add(l);
				under.add(l.toLowerCase());
			}
		}
		if (lemmas.size) hyponyms[c] = [...lemmas].join('|');
	}

	const nearestOf = (w: string): string | undefined => {
		let frontier = [w];
		const seen = new Set(frontier);
		for (let step = 0; step < NEAREST_STEPS && frontier.length; step++) {
			const next: string[] = [];
			for (const x of frontier) {
				for (const p of parents.get(x) ?? []) {
					if (groups.has(p)) return p;
					if (!seen.has(p)) (seen.add(p), next.push(p));
				}
			}
			frontier = next;
		}
		return undefined;
	};
	const byGroup = new Map<string, Set<string>>();
	const taken = new Set<string>();
	for (const [w, lemmas] of [...names].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
		if (isClass.has(w) || groups.has(w)) continue;
		const g = nearestOf(w);
		if (!g || groups.get(g)! > NEAREST_MAX_CLASSES) continue;
		for (const l of lemmas) {
			const key = l.toLowerCase();
			// Single plain words only (the index ships to the browser), never one a class or its hyponyms own.
			if (!/^[a-z]+$/.test(l) || under.has(key) || classLemmas.has(key) || taken.has(key)) continue;
			taken.add(key);
			(byGroup.get(g) ?? byGroup.set(g, new Set()).get(g)!).add(key);
		}
	}
	const nearest: Record<string, string> = {};
	for (const [g, ws] of [...byGroup].sort((a, b) => (a[0] < b[0] ? -1 : 1))) nearest[g] = [...ws].sort().join(' ');
	return { hyponyms, nearest };
}
