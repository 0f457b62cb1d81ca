// The class picker's brain: search that finds what people call things, and the ImageNet hierarchy as a
// shallow tree (any class a few clicks from the top).
//
// A query is matched, strongest first, against: a class's own names (simple name, WordNet lemmas, a
// former simple name), everyday words from a curated alias table (aliases.json), the lemmas of WordNet
// groups above the classes (groups.json: "bird", "couch", "bike"), the WordNet words under a class
// (words.json: "grizzly" is a brown bear), word prefixes, then the glosses, and only then typo-tolerant
// (fuzzy) names. A colour or other attribute narrows a word ("white dog": the dogs WordNet calls white). A
// word with no class says so (notice) and offers the nearest group above it ("turkey": grouse, quail, ...). Matching ignores case, punctuation, spaces and plurals. Each
// result carries its match strength, so the picker can refuse to add a weak guess silently.
import type { ImageNetClass } from '../core/classes';
import aliasData from './aliases.json';
import groupData from './groups.json';
import wordData from './words.json';

/** How a class matched, strongest first. `some`, `gloss` and `fuzzy` are weak: a fallback, not a confident answer. */
export type MatchKind = 'name' | 'alias' | 'lemma' | 'group' | 'prefix' | 'words' | 'some' | 'gloss' | 'fuzzy';

export interface ClassMatch {
	index: number;
	kind: MatchKind;
	/** Larger is better; comparable within one query only. */
	score: number;
	/** True for the fallbacks (some words, gloss, typos): show "did you mean", never add on a bare Enter. */
	weak: boolean;
	/** The group or everyday word that matched, for display ("a kind of: couch"). */
	via?: string;
}

export interface ClassSearch {
	/** Class indices best-first (at most `limit`), restricted to `allowed` when given. */
	search(query: string, limit?: number, allowed?: Set<number>): number[];
	/** The same, with how each class matched. */
	match(query: string, limit?: number, allowed?: Set<number>): ClassMatch[];
	/** A line for the player when the word names no ImageNet class ("ImageNet has no 'person' class: ..."), else null. */
	notice(query: string): string | null;
}

/** Words that narrow another word ("white dog") rather than name a class. */
const ATTRIBUTES = new Set(
	'white black brown grey gray red orange yellow green blue pink purple golden gold silver spotted striped curly fluffy hairy furry long short'.split(' ')
);

// Tiers: a tier's base is far above any bonus, so a weaker kind never outranks a stronger one.
const TIER: Record<MatchKind, number> = { name: 10, alias: 9, lemma: 8, group: 7, prefix: 6, words: 4, some: 3, gloss: 2, fuzzy: 1 };
const WEAK_BELOW = TIER.words;

const IRREGULAR: Record<string, string> = {
	geese: 'goose', mice: 'mouse', teeth: 'tooth', feet: 'foot', men: 'man', women: 'woman', children: 'child',
	people: 'person', oxen: 'ox', wolves: 'wolf', knives: 'knife', leaves: 'leaf', loaves: 'loaf', shelves: 'shelf',
	calves: 'calf', halves: 'half', lice: 'louse', dice: 'die', cacti: 'cactus', fungi: 'fungus', octopi: 'octopus'
};

/** Singular form of one lower-case word, by rule; the same rule runs on names and queries, so it only has to be consistent. */
export function singular(w: string): string {
	if (IRREGULAR[w]) return IRREGULAR[w];
	if (w.length > 4 && w.endsWith('ies')) return w.slice(0, -3) + 'y';
	if (w.length > 4 && /(ss|sh|ch|x|z)es$/.test(w)) return w.slice(0, -2);
	if (w.length > 3 && w.endsWith('s') && !/(ss|us|is|os)$/.test(w)) return w.slice(0, -1);
	return w;
}

/** Lower case, accents and apostrophes dropped, other punctuation a space; words singular. */
export function words(text: string): string[] {
	return text
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.toLowerCase()
		.replace(/['’]/g, '')
		.split(/[^a-z0-9]+/)
		.filter(Boolean)
		.map(singular);
}

const STOP = new Set(
	'a an and are as at be by for from has have in into is it its of on or that the their to used with which who whose often usually especially some any very small large'.split(' ')
);

interface Name {
	/** Words joined with no spaces: "jackolantern", "hotdog". */
	compact: string;
	words: string[];
	primary: boolean;
}

// Three reusable rows: the typo search runs thousands of distances per keystroke, without garbage.
const ROWS = [new Int32Array(64), new Int32Array(64), new Int32Array(64)];

/** Restricted Damerau-Levenshtein distance, or max + 1 once it must exceed max. */
function editDistance(a: string, b: string, max: number): number {
	if (Math.abs(a.length - b.length) > max) return max + 1;
	if (b.length >= 63 || a.length >= 63) return max + 1;
	let [prev2, prev, cur] = ROWS;
	for (let j = 0; j <= b.length; j++) prev[j] = j;
	for (let i = 1; i <= a.length; i++) {
		cur[0] = i;
		let rowMin = i;
		const ai = a.charCodeAt(i - 1);
		for (let j = 1; j <= b.length; j++) {
			const bj = b.charCodeAt(j - 1);
			let v = prev[j - 1] + (ai === bj ? 0 : 1);
			if (prev[j] + 1 < v) v = prev[j] + 1;
			if (cur[j - 1] + 1 < v) v = cur[j - 1] + 1;
			if (i > 1 && j > 1 && ai === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === bj && prev2[j - 2] + 1 < v) v = prev2[j - 2] + 1;
			cur[j] = v;
			if (v < rowMin) rowMin = v;
		}
		if (rowMin > max) return max + 1;
		[prev2, prev, cur] = [prev, cur, prev2];
	}
	return prev[b.length];
}

/** Edits a typo may have: none under 5 letters (too many short words sit one edit apart), 1 up to 6, then 2. */
function typoBudget(length: number): number {
	return length < 5 ? 0 : length < 7 ? 1 : 2;
}

/** A typo within budget; two edits only when the first letter is right ("pumpkin" is not "limpkin"). */
function isTypo(query: string, target: string): number | null {
	const budget = typoBudget(query.length);
	if (!budget) return null;
	const d = editDistance(query, target, budget);
	if (d > budget || d === 0) return null;
	if (d === 2 && query[0] !== target[0]) return null;
	return d;
}

/** wnid -> lemmas of the WordNet groups above the classes, from the mirror's hierarchy_nodes.csv. */
export function groupLemmasFromNodes(csvText: string): Record<string, string> {
	const lines = csvText.trim().split(/\r?\n/);
	const header = parseCsvLine(lines[0]);
	const col = (name: string) => {
		const i = header.indexOf(name);
		if (i < 0) throw new Error(`hierarchy_nodes.csv: no column "${name}"`);
		return i;
	};
	const [wnidCol, lemmasCol, classCol] = [col('wnid'), col('lemmas'), col('class_index')];
	const out: Record<string, string> = {};
	for (const line of lines.slice(1)) {
		const cells = parseCsvLine(line);
		if (cells[classCol] === '') out[cells[wnidCol]] = cells[lemmasCol];
	}
	return out;
}

function parseCsvLine(line: string): string[] {
	const cells: string[] = [];
	let cur = '';
	let quoted = false;
	for (let i = 0; i < line.length; i++) {
		const ch = line[i];
		if (quoted) {
			if (ch === '"' && line[i + 1] === '"') (cur += '"'), i++;
			else if (ch === '"') quoted = false;
			else cur += ch;
		} else if (ch === '"') quoted = true;
		else if (ch === ',') cells.push(cur), (cur = '');
		else cur += ch;
	}
	cells.push(cur);
	return cells;
}

const toName = (text: string, primary: boolean): Name => {
	const w = words(text);
	return { compact: w.join(''), words: w, primary };
};

/** Resolves alias targets (a wnid, a WordNet label, a simple name, or a lemma) to class indices; unknown targets are data errors. */
function targetResolver(classes: ImageNetClass[]) {
	const byName = new Map<string, number>();
	const put = (key: string, i: number) => byName.has(key) || byName.set(key, i);
	for (const c of classes) (put(c.wnid, c.index), put(c.label, c.index));
	for (const c of classes) (put(c.label.toLowerCase(), c.index), put(c.simpleLabel.toLowerCase(), c.index));
	for (const c of classes) for (const s of c.synonyms) put(s.toLowerCase(), c.index);
	return (targets: string[], where: string): number[] =>
		targets.map((t) => {
			const i = byName.get(t) ?? byName.get(t.toLowerCase());
			if (i === undefined) throw new Error(`aliases.json: "${t}" (${where}) names no class label or wnid`);
			return i;
		});
}

/** How well-known each class is, 0-99: the curated list first, then short plain names. */
function familiarity(classes: ImageNetClass[], resolve: ReturnType<typeof targetResolver>): Float64Array {
	const out = new Float64Array(classes.length);
	classes.forEach((c, i) => {
		const n = words(c.simpleLabel).length;
		out[i] = Math.max(0, 30 - 6 * n - 0.3 * c.simpleLabel.length);
	});
	const listed = resolve(aliasData.wellKnown, 'wellKnown');
	listed.forEach((i, rank) => (out[i] = 99 - (30 * rank) / listed.length));
	return out;
}

export function buildSearch(classes: ImageNetClass[]): ClassSearch {
	const resolve = targetResolver(classes);
	const known = familiarity(classes, resolve);
	const names: Name[][] = classes.map((c) => {
		const simple = c.simpleLabel;
		const primary = [simple, simple.replace(/\s*\(.*\)\s*/g, ' '), c.formerSimpleLabel].filter((s): s is string => !!s);
		const seen = new Set<string>();
		const out: Name[] = [];
		for (const [text, isPrimary] of [...primary.map((s) => [s, true] as const), ...[c.label, ...c.synonyms].map((s) => [s, false] as const)]) {
			const n = toName(text, isPrimary);
			if (n.compact && !seen.has(n.compact)) (seen.add(n.compact), out.push(n));
		}
		return out;
	});
	const glossWords = classes.map((c) => new Set(words(c.gloss).filter((w) => !STOP.has(w))));
	const glossList = glossWords.map((s) => [...s]);

	// Everyday words and WordNet groups: compact key -> classes in order (best first).
	const aliases = new Map<string, { label: string; classes: number[] }>();
	const typical = Object.entries((aliasData as { typical: Record<string, string[] | string> }).typical).filter(
		(e): e is [string, string[]] => Array.isArray(e[1])
	);
	for (const [word, targets] of [...Object.entries(aliasData.aliases as Record<string, string[]>), ...typical]) {
		aliases.set(words(word).join(''), { label: word, classes: resolve(targets, word) });
	}
	// A word may name several groups ("dress": a frock, and all apparel; "car": automobiles and railcars): the
	// group it names first, else the largest, is what it usually means; its classes come first (core).
	const groups = new Map<string, { label: string; classes: number[]; core: Set<number>; coreRank: number }>();
	const lemmasOf = groupData as Record<string, string>;
	const under = new Map<string, number[]>();
	for (const c of classes) for (const a of c.ancestors) (under.get(a) ?? under.set(a, []).get(a)!).push(c.index);
	for (const [wnid, members] of under) {
		const lemmas = lemmasOf[wnid];
		if (!lemmas) continue;
		lemmas.split(',').forEach((lemma, position) => {
			const key = words(lemma).join('');
			if (!key) return;
			const rank = (position === 0 ? 0 : 1e6) - members.length;
			const g = groups.get(key);
			if (!g) groups.set(key, { label: lemma.trim(), classes: [...members], core: new Set(members), coreRank: rank });
			else {
				for (const m of members) g.classes.includes(m) || g.classes.push(m);
				if (rank < g.coreRank) Object.assign(g, { label: lemma.trim(), core: new Set(members), coreRank: rank });
			}
		});
	}
	// Words under a class (WordNet hyponyms): "grizzly" -> brown bear. Several classes may share a word.
	const hyponyms = new Map<string, { label: string; classes: number[] }>();
	const byWnid = new Map(classes.map((c) => [c.wnid, c.index]));
	for (const [wnid, lemmas] of Object.entries((wordData as { hyponyms: Record<string, string> }).hyponyms)) {
		const i = byWnid.get(wnid);
		if (i === undefined) continue;
		for (const lemma of lemmas.split('|')) {
			const key = words(lemma).join('');
			if (!key || aliases.has(key) || groups.has(key)) continue; // a curated word or a group says it better
			const h = hyponyms.get(key) ?? hyponyms.set(key, { label: lemma, classes: [] }).get(key)!;
			if (!h.classes.includes(i)) h.classes.push(i);
		}
	}
	// Nouns with no class: the nearest group above them (members by familiarity).
	const nearest = new Map<string, { label: string; classes: number[] }>();
	for (const [wnid, list] of Object.entries((wordData as { nearest: Record<string, string> }).nearest)) {
		const members = under.get(wnid);
		if (!members) continue;
		const label = (lemmasOf[wnid] ?? '').split(',')[0].trim() || wnid;
		const ordered = [...members].sort((a, b) => known[b] - known[a]);
		for (const w of list.split(' ')) {
			const key = words(w).join('');
			if (key && !aliases.has(key) && !groups.has(key) && !hyponyms.has(key)) nearest.set(key, { label, classes: ordered });
		}
	}
	const noClass = new Map<string, string>();
	for (const [hint, ws] of Object.entries((aliasData as { noClass: Record<string, string[]> }).noClass)) for (const w of ws) noClass.set(words(w).join(''), hint);

	// Every distinct word and key, once, for typo matching.
	const vocabulary = new Set<string>();
	for (const ns of names) for (const n of ns) (vocabulary.add(n.compact), n.words.forEach((w) => vocabulary.add(w)));
	for (const k of [...aliases.keys(), ...groups.keys()]) vocabulary.add(k);
	// By length, so a typo search only looks at words of a reachable length.
	const byLength: string[][] = [];
	for (const v of vocabulary) (byLength[v.length] ??= []).push(v);
	const typosOf = (w: string): Map<string, number> => {
		const out = new Map<string, number>();
		const budget = typoBudget(w.length);
		if (!budget) return out;
		for (let len = w.length - budget; len <= w.length + budget; len++) {
			for (const v of byLength[len] ?? []) {
				const d = isTypo(w, v);
				if (d !== null) out.set(v, d);
			}
		}
		return out;
	};

	function match(query: string, limit = 30, allowed?: Set<number>): ClassMatch[] {
		const qWords = words(query);
		if (!qWords.length) return [];
		const q = qWords.join('');
		const raw = query.toLowerCase().replace(/[^a-z0-9]+/g, ''); // unsingularised, for prefixes while typing ("glass")
		const best = new Map<number, ClassMatch>();
		const offer = (index: number, kind: MatchKind, bonus: number, via?: string) => {
			if (allowed && !allowed.has(index)) return;
			const score = TIER[kind] * 1000 + Math.max(0, Math.min(999, bonus));
			const cur = best.get(index);
			if (!cur || cur.score < score) best.set(index, { index, kind, score, weak: TIER[kind] < WEAK_BELOW, via });
		};
		const listed = (entry: { label: string; classes: number[] }, kind: MatchKind, base: number) =>
			entry.classes.forEach((i, rank) => offer(i, kind, base + known[i] * 3 - rank * 0.01, entry.label));

		// Names: exact, prefix, then every query word starting a word of the name.
		for (let i = 0; i < names.length; i++) {
			for (const n of names[i]) {
				if (n.compact === q) offer(i, n.primary ? 'name' : 'lemma', 500 + known[i]);
				else if (n.compact.startsWith(q) || (raw.length > q.length && n.compact.startsWith(raw)))
					offer(i, 'prefix', (n.primary ? 300 : 0) + known[i] * 2 - (n.compact.length - q.length) * 3);
				else if (qWords.length && qWords.every((w, k) => n.words.some((nw) => (k === qWords.length - 1 ? nw.startsWith(w) : nw === w))))
					offer(i, 'words', (n.primary ? 300 : 0) + known[i] * 2 + (qWords.every((w) => n.words.includes(w)) ? 200 : 0));
			}
		}
		// Everyday words and groups: exact; while typing (3+ letters), prefixes too, one tier down.
		const alias = aliases.get(q);
		if (alias) alias.classes.forEach((i, rank) => offer(i, 'alias', 999 - rank * 10, alias.label));
		const group = groups.get(q);
		if (group) group.classes.forEach((i) => offer(i, 'group', (group.core.has(i) ? 500 : 0) + known[i] * 3, group.label));
		const hypo = hyponyms.get(q);
		if (hypo) hypo.classes.forEach((i, rank) => offer(i, 'lemma', 400 + known[i] - rank, hypo.label));
		if (q.length >= 3 && best.size < limit) {
			for (const [k, entry] of [...aliases, ...groups]) if (k !== q && k.startsWith(q)) listed(entry, 'words', 0);
		}
		let strong = 0;
		for (const m of best.values()) if (!m.weak) strong++;
		// An attribute narrows the rest ("white dog"): the rest's classes whose names or definition carry every
		// attribute first, the others after (the attribute may be only in the photo).
		const attrs = qWords.filter((w) => ATTRIBUTES.has(w));
		const head = qWords.filter((w) => !ATTRIBUTES.has(w));
		if (attrs.length && head.length && strong < 5) {
			for (const m of match(head.join(' '), 200, allowed)) {
				if (m.weak) continue;
				// In the name ("West Highland white terrier") beats in the definition ("a white coat").
				const inName = attrs.every((a) => names[m.index].some((n) => n.words.includes(a)));
				const has = inName || attrs.every((a) => glossWords[m.index].has(a) || names[m.index].some((n) => n.words.includes(a)));
				// Without the attribute the class is only a guess (weak): the attribute may be only in the photo.
				const via = m.via ? `${attrs.join(' ')} ${m.via}` : undefined;
				if (has) offer(m.index, 'words', (inName ? 800 : 500) + (m.score % 1000) / 5, via);
				else offer(m.index, 'some', 700 + (m.score % 1000) / 5, via);
			}
			strong = 0;
			for (const m of best.values()) if (!m.weak) strong++;
		}
		// Weak: some of several words ("white coat", "bus stop"): classes a single word finds, most words first.
		if (qWords.length > 1 && strong < 5) {
			const hits = new Map<number, { words: number; score: number; via?: string }>();
			for (const w of new Set(qWords)) {
				if (STOP.has(w) || w.length < 3) continue;
				for (const m of match(w, limit, allowed)) {
					if (m.weak) continue;
					const h = hits.get(m.index) ?? { words: 0, score: 0, via: m.via ?? w };
					hits.set(m.index, { words: h.words + 1, score: Math.max(h.score, m.score), via: h.via });
				}
			}
			for (const [i, h] of hits) offer(i, 'some', 300 * h.words + (h.score - 3000) / 40, h.via);
		}
		// Weak: every query word in the definition; then typos of names, everyday words and groups.
		if (best.size < limit) {
			for (let i = 0; i < glossWords.length; i++) {
				if (qWords.every((w, k) => glossWords[i].has(w) || (k === qWords.length - 1 && w.length >= 4 && glossList[i].some((g) => g.startsWith(w)))))
					offer(i, 'gloss', known[i]);
			}
		}
		// A noun with no class: the nearest group above it, weak (the notice says the class is missing).
		const near = strong ? undefined : nearest.get(q);
		if (near) near.classes.forEach((i, rank) => offer(i, 'some', 600 - rank, near.label));
		// Typos only as a fallback: when the stronger kinds found few classes.
		if (strong < 5 && !near) fuzzy(qWords, q, offer);
		// Nothing strong: try verbs as nouns ("skiing" -> ski, "fishing" -> fish).
		if (!strong && /ing\b/.test(query)) {
			const stem = query.toLowerCase().replace(/([a-z]{2,}?)([b-df-hj-np-tv-z])?\2?ing\b/g, (_, a: string, c = '') => a + c);
			const alt = stem !== query.toLowerCase() ? match(stem, limit, allowed) : [];
			if (alt.length && !alt[0].weak) return alt;
		}
		return [...best.values()].sort((a, b) => b.score - a.score || a.index - b.index).slice(0, limit);
	}

	function fuzzy(qWords: string[], q: string, offer: (i: number, kind: MatchKind, bonus: number, via?: string) => void) {
		// Which vocabulary entries each query word (and the whole query) could be a typo of.
		const near = typosOf(q);
		const wordNear = qWords.length > 1 ? qWords.map(typosOf) : [near];
		if (!near.size && wordNear.every((m) => !m.size)) return;
		for (let i = 0; i < names.length; i++) {
			for (const n of names[i]) {
				const whole = near.get(n.compact);
				if (whole !== undefined) offer(i, 'fuzzy', 500 - whole * 200 + known[i]);
				// Word by word: each query word is the word, starts it (the last one), or is a typo of it.
				let cost = 0;
				for (let k = 0; k < qWords.length && cost < 9; k++) {
					const w = qWords[k];
					let d = 9;
					for (const nw of n.words) {
						if (nw === w || (k === qWords.length - 1 && nw.startsWith(w))) d = 0;
						else d = Math.min(d, wordNear[k].get(nw) ?? 9);
						if (!d) break;
					}
					cost += d;
				}
				if (cost > 0 && cost < 9) offer(i, 'fuzzy', 500 - cost * 200 + known[i] + (n.primary ? 50 : 0));
			}
		}
		for (const [k, entry] of [...aliases, ...groups]) {
			const d = near.get(k);
			if (d !== undefined) entry.classes.forEach((i, rank) => offer(i, 'fuzzy', 500 - d * 200 + known[i] - rank * 0.01, entry.label));
		}
	}

	function notice(query: string): string | null {
		const qWords = words(query);
		const q = qWords.join('');
		if (!q) return null;
		const curated = noClass.get(q) ?? (qWords.length > 1 ? qWords.map((w) => noClass.get(w)).find(Boolean) : undefined);
		if (curated) return curated.replace('{word}', query.trim());
		const near = nearest.get(q);
		if (near && !match(query, 5).some((m) => !m.weak)) return `ImageNet has no '${query.trim()}' class: the nearest are ${near.label}s.`;
		return null;
	}

	return {
		match,
		notice,
		search: (query, limit = 30, allowed) => match(query, limit, allowed).map((m) => m.index)
	};
}

export interface TreeNode {
	wnid: string;
	label: string;
	depth: number;
	children: TreeNode[];
	/** Classes (leaves) directly under this node, in dfs order. */
	classes: number[];
	/** Number of classes anywhere below. */
	size: number;
}

/** Most classes one open group lists (as thumbnails) before it is split into subgroups. */
export const TREE_LEAVES = 30;
/** Group levels below the top list: a class is at most this many clicks to open, plus one to add. */
export const TREE_LEVELS = 3;
const MAX_GROUPS = 16;
const MAX_TOP_GROUPS = 20;
/** Fewer top groups than this: the biggest is opened in place (a top list of one group is a click for nothing). */
const MIN_TOP_GROUPS = 4;
/** Plain names for WordNet groups whose own name few people use ("organism", "artifact"). */
const GROUP_NAMES: Record<string, string> = aliasData.groupNames;

/**
 * The WordNet tree over the 1000 classes (primary hypernyms, dfs order), cut to at most TREE_LEVELS levels of
 * groups so that any class is a few clicks from the top: a group too big to list lists its subgroups instead
 * (dogs: hounds, terriers, ...), lifted from deeper down where WordNet nests them; a group of one or two
 * classes is listed as those classes. Groups keep their WordNet names.
 */
export function buildTree(classes: ImageNetClass[], allowed?: Set<number>): TreeNode {
	const full = wordnetTree(classes, allowed);
	const order = new Map(classes.map((c) => [c.index, c.dfsOrder]));
	const all = (n: TreeNode): number[] => [...n.classes, ...n.children.flatMap(all)];
	const firstDfs = (n: TreeNode) => Math.min(...all(n).map((i) => order.get(i)!));

	interface Listing { groups: TreeNode[]; own: number[] }
	const memo = new Map<string, Listing | null>();

	/** What group `n` lists when opened with `levels` levels of groups available (1 = classes only); null: cannot fit. */
	function listing(n: TreeNode, levels: number, maxGroups = MAX_GROUPS): Listing | null {
		const key = `${n.wnid}/${levels}/${maxGroups}`;
		if (memo.has(key)) return memo.get(key)!;
		let result: Listing | null = null;
		if (n.size <= TREE_LEAVES) result = { groups: [], own: all(n) };
		else if (levels > 1) {
			let groups = [...n.children];
			const own = [...n.classes];
			for (;;) {
				// Groups of one or two classes cost a click for nothing: list their classes here.
				for (const g of groups.filter((g) => g.size <= 2)) own.push(...all(g));
				groups = groups.filter((g) => g.size > 2);
				const bad = groups.filter((g) => !listing(g, levels - 1)).sort((a, b) => b.size - a.size);
				if (!bad.length) break;
				const big = bad[0];
				if (!big.children.length) break;
				const rest = big.classes.length > 2 ? [{ ...big, wnid: `${big.wnid}+`, label: `other ${big.label}`, children: [], size: big.classes.length }] : [];
				if (big.classes.length <= 2) own.push(...big.classes);
				groups = [...groups.filter((g) => g !== big), ...big.children, ...rest];
			}
			const fits = groups.every((g) => listing(g, levels - 1)) && groups.length <= maxGroups && own.length <= TREE_LEAVES;
			if (fits) result = { groups, own };
		}
		memo.set(key, result);
		return result;
	}

	/** The node as shown: its listing, or (where nothing fits) the best effort: subgroups as WordNet has them. */
	function shape(n: TreeNode, levels: number, depth: number, maxGroups = MAX_GROUPS): TreeNode {
		const l = listing(n, levels, maxGroups) ?? (levels > 1 ? { groups: n.children, own: n.classes } : { groups: [], own: all(n) });
		const children = l.groups.sort((a, b) => firstDfs(a) - firstDfs(b)).map((g) => shape(g, levels - 1, depth + 1));
		const own = l.own.sort((a, b) => order.get(a)! - order.get(b)!);
		const label = GROUP_NAMES[n.wnid] ?? n.label;
		return { wnid: n.wnid, label, depth, children, classes: own, size: own.length + children.reduce((s, c) => s + c.size, 0) };
	}

	// The top list holds groups only (the hierarchy test and the team view count classes by group).
	const top = shape(full, TREE_LEVELS + 1, 0, MAX_TOP_GROUPS);
	// A top list of one or two big groups says nothing (a team's top-100, mostly one kind: "whole (99)"): open the
	// biggest in place while its subgroups still fit the top list. Its own classes join the top's.
	for (;;) {
		const big = [...top.children].sort((a, b) => b.size - a.size)[0];
		if (!big || top.children.length >= MIN_TOP_GROUPS || !big.children.length) break;
		if (top.children.length - 1 + big.children.length > MAX_TOP_GROUPS) break;
		top.children = [...top.children.filter((g) => g !== big), ...big.children].sort((a, b) => firstDfs(a) - firstDfs(b));
		top.classes = [...top.classes, ...big.classes].sort((a, b) => order.get(a)! - order.get(b)!);
	}
	const redepth = (n: TreeNode, depth: number) => {
		n.depth = depth;
		n.children.forEach((c) => redepth(c, depth + 1));
	};
	top.children.forEach((c) => redepth(c, 1));
	if (top.classes.length) {
		top.children.push({ wnid: 'other', label: 'other', depth: 1, children: [], classes: top.classes, size: top.classes.length });
		top.classes = [];
	}
	return { ...top, wnid: 'root', label: 'all classes' };
}

/** The primary WordNet tree, chains of single-child groups collapsed (entity > physical entity > ... is one step). */
function wordnetTree(classes: ImageNetClass[], allowed?: Set<number>): TreeNode {
	const root: TreeNode = { wnid: 'root', label: 'all classes', depth: 0, children: [], classes: [], size: 0 };
	const nodes = new Map<string, TreeNode>();
	const sorted = classes.filter((c) => !allowed || allowed.has(c.index)).sort((a, b) => a.dfsOrder - b.dfsOrder);
	for (const c of sorted) {
		let parent = root;
		c.pathWnids.forEach((wnid, i) => {
			let node = nodes.get(wnid);
			if (!node) {
				node = { wnid, label: c.path[i], depth: 0, children: [], classes: [], size: 0 };
				nodes.set(wnid, node);
				parent.children.push(node);
			}
			parent = node;
		});
		parent.classes.push(c.index);
	}
	const finish = (n: TreeNode, depth: number): TreeNode => {
		while (n !== root && n.children.length === 1 && n.classes.length === 0) n = n.children[0];
		n.depth = depth;
		n.children = n.children.map((ch) => finish(ch, depth + 1));
		n.size = n.classes.length + n.children.reduce((s, ch) => s + ch.size, 0);
		return n;
	};
	let top = finish(root, 0);
	while (top.children.length === 1 && top.classes.length === 0) top = top.children[0];
	return top;
}
