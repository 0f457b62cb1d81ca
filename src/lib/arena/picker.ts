// The class picker's brain: typo-tolerant search over names, synonyms and glosses, and the
// ImageNet hierarchy as a collapsible tree in semantic (dfs) order.
import MiniSearch from 'minisearch';
import type { ImageNetClass } from '../core/classes';

export interface ClassSearch {
	/** Class indices best-first (at most `limit`), restricted to `allowed` when given. */
	search(query: string, limit?: number, allowed?: Set<number>): number[];
}

export function buildSearch(classes: ImageNetClass[]): ClassSearch {
	const index = new MiniSearch<{ id: number; label: string; simple: string; synonyms: string; gloss: string }>({
		fields: ['label', 'simple', 'synonyms', 'gloss'],
		storeFields: [],
		searchOptions: {
			boost: { label: 3, simple: 3, synonyms: 2, gloss: 0.4 },
			prefix: true,
			// Typos: one edit in words of 3-5 letters, two in longer ones ("germna shepard").
			fuzzy: (term) => (term.length < 3 ? false : term.length < 6 ? 1 : 2),
			// An exact word beats a fuzzy one ("alsatian" is German shepherd, not dalmatian).
			weights: { fuzzy: 0.1, prefix: 0.3 }
		}
	});
	index.addAll(
		classes.map((c) => ({ id: c.index, label: c.label, simple: c.simpleLabel, synonyms: c.synonyms.join(' ; '), gloss: c.gloss }))
	);
	return {
		search(query, limit = 30, allowed) {
			const q = query.trim();
			if (!q) return [];
			const filter = allowed ? (r: { id: number }) => allowed.has(r.id) : undefined;
			// Every word must match where possible; else any word (a typo in one word still finds something).
			let results = index.search(q, { combineWith: 'AND', filter });
			if (!results.length) results = index.search(q, { combineWith: 'OR', filter });
			return results.slice(0, limit).map((r) => r.id as number);
		}
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

/**
 * The primary WordNet tree over the 1000 classes, as the original labelling interface listed them.
 * Chains of single-child groups are collapsed (entity > physical entity > object > ... shows as one step).
 */
export function buildTree(classes: ImageNetClass[], allowed?: Set<number>): TreeNode {
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
		// Collapse: a group with one child group and no classes of its own adds nothing.
		while (n !== root && n.children.length === 1 && n.classes.length === 0) {
			const only = n.children[0];
			n = { ...only, label: only.label };
		}
		n.depth = depth;
		n.children = n.children.map((ch) => finish(ch, depth + 1));
		n.size = n.classes.length + n.children.reduce((s, ch) => s + ch.size, 0);
		return n;
	};
	const done = finish(root, 0);
	// The root itself may be a single chain: start at the first level that branches.
	let top = done;
	while (top.children.length === 1 && top.classes.length === 0) top = top.children[0];
	return { ...top, wnid: 'root', label: 'all classes', depth: 0 };
}
