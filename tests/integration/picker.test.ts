// The class picker's search and hierarchy, on the real class list and the real WordNet data.
import { beforeAll, describe, expect, test } from 'vitest';
import { readFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSearch, buildTree, groupLemmasFromNodes, words, TREE_LEAVES, TREE_LEVELS, type ClassSearch, type TreeNode } from '../../src/lib/arena/picker';
import { evaluatePicker, readQueries } from '../../src/lib/arena/picker-eval';
import { parseClasses, type ImageNetClass } from '../../src/lib/core/classes';
import { ASSET_ROOT } from '../../src/lib/node/runtime';
import { MIRROR_DIR } from '../../src/lib/node/assets';
import groups from '../../src/lib/arena/groups.json';
import wordIndex from '../../src/lib/arena/words.json';
import { wordIndexFromMirror } from '../../src/lib/node/picker-words';

let classes: ImageNetClass[];
let search: ClassSearch;
beforeAll(async () => {
	classes = parseClasses(await readFile(join(ASSET_ROOT, 'data/meta/classes.csv'), 'utf8'));
	search = buildSearch(classes);
});
const top = (q: string, n = 3) => search.search(q, n).map((i) => classes[i].label);
const first = (q: string) => search.match(q, 5)[0];

describe('picker search', () => {
	test('words under a class (WordNet hyponyms): grizzly, combine, bolt, lioness, bobcat', () => {
		expect(top('grizzly', 1)).toEqual(['brown bear']);
		expect(top('combine', 1)).toEqual(['harvester']);
		expect(top('bolt', 1)).toEqual(['screw']);
		expect(top('lioness', 1)).toEqual(['lion']);
		expect(top('bobcat', 1)).toEqual(['lynx']);
		expect(first('grizzly').weak).toBe(false);
	});
	test('group words list their members by typicality: truck -> pickup, monkey -> squirrel monkey, gun -> revolver', () => {
		expect(top('truck', 1)).toEqual(['pickup']);
		expect(top('monkey', 1)).toEqual(['squirrel monkey']);
		expect(top('gun', 1)).toEqual(['revolver']);
		expect(top('shoe', 3)).toContain('clog');
		// The whole group is still there, after the typical ones.
		expect(search.search('monkey', 40).length).toBeGreaterThanOrEqual(13);
	});
	test('an attribute narrows a word: "white dog" -> West Highland white terrier first, all white dogs', () => {
		expect(top('white dog', 1)).toEqual(['West Highland white terrier']);
		const five = top('white dog', 8);
		expect(five).toEqual(expect.arrayContaining(['Samoyed', 'kuvasz']));
		expect(first('white dog').weak).toBe(false);
		// An attribute no class carries is ignored, not a dead end: "orange truck" still lists trucks.
		expect(top('orange truck', 1)).toEqual(['pickup']);
	});
	test('crocs and westie', () => {
		expect(top('crocs', 1)).toEqual(['clog']);
		expect(top('westie', 1)).toEqual(['West Highland white terrier']);
	});
	test('a word with no class says so: person words get advice, turkey its nearest group (weak)', () => {
		expect(search.notice('person')).toMatch(/ImageNet has no 'person' class: name what the person wears or holds/);
		expect(search.notice('man')).toMatch(/no 'man' class/);
		expect(search.notice('turkey')).toMatch(/ImageNet has no 'turkey' class: the nearest are gallinaceous birds/);
		expect(top('turkey', 8)).toEqual(expect.arrayContaining(['black grouse']));
		expect(first('turkey').weak).toBe(true);
		expect(search.notice('dog')).toBeNull();
		expect(search.notice('grizzly')).toBeNull();
	});
	test('a synonym: "alsatian" finds German shepherd', () => expect(top('alsatian', 1)).toEqual(['German shepherd']));
	test('typos: "germna shepard", "tabyy cat", "goldfsh", and they are weak (Enter asks first)', () => {
		expect(top('germna shepard')).toContain('German shepherd');
		expect(top('tabyy cat')).toContain('tabby');
		expect(top('goldfsh', 1)).toEqual(['goldfish']);
		expect(first('goldfsh').weak).toBe(true);
	});
	test('a prefix as you type: "zebr" -> zebra, strong', () => {
		expect(top('zebr', 1)).toEqual(['zebra']);
		expect(first('zebr').weak).toBe(false);
	});
	test('a gloss word: "tusks" finds the elephants', () => {
		expect(top('tusks', 5).some((l) => /elephant|tusker/i.test(l))).toBe(true);
	});
	test('team mode restricts results to the allowed classes', () => {
		expect(search.search('dog', 10, new Set([235]))).toEqual([235]);
		expect(search.search('toilet tissue', 10, new Set([1, 2]))).toEqual([]);
	});
	test("the issue's first suggestions are now what was meant", () => {
		const want: Record<string, RegExp> = {
			beach: /seashore|sandbar|lakeside/, flower: /daisy|slipper|rapeseed/, sofa: /studio couch/, fridge: /refrigerator/,
			cow: /^ox$/, mountain: /^alp$|volcano/, pumpkin: /jack-o'-lantern/, jackolantern: /jack-o'-lantern/, tv: /television|monitor|screen/,
			swamphen: /European gallinule/, plover: /turnstone|sandpiper|redshank|dowitcher|oystercatcher/, canary: /goldfinch|house finch/,
			moth: /admiral|ringlet|butterfly|lycaenid|monarch/, boat: /speedboat|canoe|lifeboat|fireboat|gondola|yawl|catamaran|schooner/
		};
		for (const [q, re] of Object.entries(want)) expect(top(q, 1)[0], q).toMatch(re);
	});
	test('groups list the classes under them, best known first', () => {
		const dogs = search.match('dog', 40);
		expect(dogs).toHaveLength(40);
		expect(dogs.slice(0, 10).every((m) => m.kind === 'group' && m.index >= 151 && m.index <= 268)).toBe(true);
		expect(top('dogs', 1)).toEqual(['golden retriever']);
		expect(top('bike', 2).sort()).toEqual(['bicycle-built-for-two', 'mountain bike']);
		expect(top('couch', 1)).toEqual(['studio couch']);
	});
	test('exact and prefix names rank above fuzzy ones, and above other words', () => {
		expect(top('mountain', 2)).not.toContain('mountain bike');
		expect(first('mountain bike').kind).toBe('name');
		expect(top('cardigan', 1)).toEqual(['cardigan']);
		expect(search.match('pumpkin', 5).map((m) => classes[m.index].label)).not.toContain('limpkin');
	});
	test('punctuation, spaces and plurals are ignored', () => {
		expect(top('jelly fish', 1)).toEqual(['jellyfish']);
		expect(top('hot dogs', 1)).toEqual(['hotdog']);
		expect(top('jack o lantern', 1)).toEqual(["jack-o'-lantern"]);
		expect(top('T shirt', 1)).toEqual(['jersey']);
		expect(words("Jack-o'-Lanterns")).toEqual(['jack', 'o', 'lantern']);
	});
	test('a weak first match is marked weak; a query with no answer finds nothing rather than a random class', () => {
		expect(first('white coat').weak).toBe(true);
		expect(search.search('qwxz')).toEqual([]);
	});
	test('renamed classes show the better name and keep the old one searchable', () => {
		const swamphen = classes.find((c) => c.wnid === 'n02017213')!;
		expect(swamphen.simpleLabel).toBe('purple swamphen');
		expect(swamphen.formerSimpleLabel).toBe('common gallinule');
		expect(top('common gallinule', 1)).toEqual(['European gallinule']);
	});
});

describe('picker data', () => {
	test('groups.json equals the lemmas of the internal nodes of the mirror hierarchy (npx tsx scripts/picker-groups.ts)', () => {
		// MIRROR_DIR: ../shared or $ARENA_MIRROR. No mirror is a failure here (the integration tier needs it), not a pass.
		const text = readFileSync(join(MIRROR_DIR, 'datasets/meta/hierarchy_nodes.csv'), 'utf8');
		expect(groupLemmasFromNodes(text)).toEqual(groups);
	});
	test('words.json equals the word index built from the mirror WordNet graph (npx tsx scripts/picker-words.ts)', () => {
		// No mirror is a failure here too, not a pass.
		expect(wordIndexFromMirror(MIRROR_DIR)).toEqual(wordIndex);
	});
});

describe('relevance on the query sets (npm run picker:eval)', () => {
	// Hits (of n) measured with npm run picker:eval; each floor is one below, so losing two queries fails.
	// tuning: 385/392 and 390/392; held-out: 249/325 and 278/325 (2026-12-07, after issue 21's engine changes;
	// the held-out set's first run, before them, was 228/325 and 253/325).
	const FLOORS = {
		'tests/picker-queries.json': { n: 392, top1: 384, top5: 389 },
		'tests/picker-heldout.json': { n: 325, top1: 248, top5: 277 }
	};
	const load = (file: string) => readQueries(readFileSync(file, 'utf8'));

	for (const [file, floor] of Object.entries(FLOORS)) {
		test(`${file}: first suggestion and first five stay above the floor`, () => {
			const queries = load(file);
			expect(queries.length).toBe(floor.n);
			const r = evaluatePicker(classes, queries, { timing: false });
			console.log(`picker eval ${file}: top-1 ${r.top1Hits}/${r.n}, top-5 ${r.top5Hits}/${r.n}`);
			expect(r.top1Hits).toBeGreaterThanOrEqual(floor.top1);
			expect(r.top5Hits).toBeGreaterThanOrEqual(floor.top5);
		});
	}

	test('the held-out floor fails when two of its queries stop hitting', () => {
		const queries = load('tests/picker-heldout.json');
		const floor = FLOORS['tests/picker-heldout.json'];
		const r = evaluatePicker(classes, queries, { timing: false });
		const missed = new Set(r.misses.map((m) => m.query));
		// Two queries that hit now, asked for a class their words never find (a wnid no hit would list first).
		const hits = queries.filter((q) => !missed.has(q.query)).slice(0, 2);
		const broken = queries.map((q) => (hits.includes(q) ? { ...q, right: ['n04317175'] } : q)); // stethoscope
		const worse = evaluatePicker(classes, broken, { timing: false });
		expect(worse.top1Hits).toBe(r.top1Hits - 2);
		expect(worse.top1Hits).toBeLessThan(floor.top1);
	});
});

describe('picker hierarchy', () => {
	let tree: TreeNode;
	beforeAll(() => (tree = buildTree(classes)));
	const walk = (n: TreeNode, f: (n: TreeNode, depth: number) => void, depth = 0) => {
		f(n, depth);
		n.children.forEach((c) => walk(c, f, depth + 1));
	};
	test('holds all 1000 classes once; the top lists groups only', () => {
		const seen: number[] = [];
		walk(tree, (n) => seen.push(...n.classes));
		expect(seen).toHaveLength(1000);
		expect(new Set(seen).size).toBe(1000);
		expect(tree.size).toBe(1000);
		expect(tree.classes).toEqual([]);
	});
	test(`any class is at most ${TREE_LEVELS} groups deep (${TREE_LEVELS} clicks to open, one to add), at most ${TREE_LEAVES} classes a group`, () => {
		walk(tree, (n, depth) => {
			if (n.classes.length) expect(depth, n.label).toBeLessThanOrEqual(TREE_LEVELS);
			expect(n.classes.length, n.label).toBeLessThanOrEqual(TREE_LEAVES);
		});
	});
	test('German Shorthaired Pointer: 4 clicks, through a dog group', () => {
		const path: string[] = [];
		const find = (n: TreeNode, trail: string[]): boolean => {
			if (n.classes.includes(210)) return path.push(...trail, n.label), true;
			return n.children.some((c) => find(c, [...trail, n.label]));
		};
		expect(find(tree, [])).toBe(true);
		expect(path.length - 1).toBeLessThanOrEqual(3);
		expect(path.at(-1)).toMatch(/dog/);
	});
	test('team mode: a tree over 100 allowed classes holds exactly those', () => {
		const allowed = new Set(Array.from({ length: 100 }, (_, i) => i * 10));
		const t = buildTree(classes, allowed);
		expect(t.children.reduce((s, c) => s + c.size, 0)).toBe(100);
		const seen: number[] = [];
		walk(t, (n) => seen.push(...n.classes));
		expect(seen.sort((a, b) => a - b)).toEqual([...allowed]);
	});
	test('team mode on a photo of one kind: the top lists real groups with counts, never one "whole (99)"', () => {
		// A dog photo's top-100 is nearly all dogs; a mixed one nearly all "whole" (objects): the collapse.
		const dogs = new Set([...Array.from({ length: 99 }, (_, i) => 151 + i), 970]);
		const mixed = new Set([...Array.from({ length: 60 }, (_, i) => 400 + i * 5), ...Array.from({ length: 40 }, (_, i) => 151 + i)]);
		for (const allowed of [dogs, mixed]) {
			const t = buildTree(classes, allowed);
			const groups = t.children.filter((c) => c.wnid !== 'other');
			expect(groups.length, t.children.map((c) => `${c.label} (${c.size})`).join(', ')).toBeGreaterThanOrEqual(4);
			expect(Math.max(...groups.map((g) => g.size))).toBeLessThan(60);
			expect(t.children.map((c) => c.label)).not.toContain('whole');
			const seen: number[] = [];
			walk(t, (n, depth) => {
				seen.push(...n.classes);
				expect(n.depth, n.label).toBe(depth);
				if (n.classes.length) expect(depth, n.label).toBeLessThanOrEqual(TREE_LEVELS);
			});
			expect(seen.sort((a, b) => a - b)).toEqual([...allowed].sort((a, b) => a - b));
		}
		expect(buildTree(classes, dogs).children.map((c) => c.label)).toEqual(expect.arrayContaining(['toy dog', 'terrier', 'working dog']));
	});
});
