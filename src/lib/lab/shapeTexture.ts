// Shape or texture? Geirhos et al. (2019) cue-conflict pictures: the shape of one category, the texture of another.
// A 1000-class answer becomes one of 16 categories by averaging the probabilities of each category's ILSVRC classes
// (their ProbabilitiesToDecisionMapper, numpy mean), and shape bias = shape decisions / (shape + texture decisions).
import Papa from 'papaparse';

export interface Category {
	name: string;
	classIndices: number[];
}

export interface CueConflictImage {
	path: string;
	shape: string;
	texture: string;
}

export function parseCategories(json: string | { categories: Record<string, { class_indices: number[] }> }): Category[] {
	const data = typeof json === 'string' ? JSON.parse(json) : json;
	if (!data?.categories || typeof data.categories !== 'object') throw new Error('category_to_ilsvrc.json has no "categories" object');
	return Object.entries(data.categories as Record<string, { class_indices: number[] }>)
		.map(([name, v]) => {
			if (!Array.isArray(v.class_indices) || v.class_indices.length === 0) throw new Error(`Category "${name}" has no class_indices`);
			return { name, classIndices: v.class_indices };
		})
		.sort((a, b) => a.name.localeCompare(b.name));
}

/** The cue-conflict rows of labels.csv where shape and texture differ (the only ones that can show a bias). */
export function parseCueConflict(csvText: string): CueConflictImage[] {
	const parsed = Papa.parse<Record<string, string>>(csvText.trim(), { header: true, skipEmptyLines: true });
	for (const need of ['path', 'set', 'shape_category', 'texture_category'])
		if (!parsed.meta.fields?.includes(need)) throw new Error(`labels.csv has no "${need}" column`);
	return parsed.data
		.filter((r) => r.set === 'cue-conflict' && r.texture_category && r.shape_category !== r.texture_category)
		.map((r) => ({ path: r.path, shape: r.shape_category, texture: r.texture_category }));
}

/** Mean probability of each category's classes, and the best category. */
export function decideCategory(probs: ArrayLike<number>, categories: Category[]): { category: string; scores: number[] } {
	const scores = categories.map((c) => c.classIndices.reduce((s, i) => s + probs[i], 0) / c.classIndices.length);
	let best = 0;
	for (let i = 1; i < scores.length; i++) if (scores[i] > scores[best]) best = i;
	return { category: categories[best].name, scores };
}

export interface Decision {
	shape: string;
	texture: string;
	/** The category chosen (by the model or a person). */
	decision: string;
}

export type Cue = 'shape' | 'texture' | 'other';

export function cueOf(d: Decision): Cue {
	return d.decision === d.shape ? 'shape' : d.decision === d.texture ? 'texture' : 'other';
}

export interface Tally {
	n: number;
	shape: number;
	texture: number;
	other: number;
	/** shape / (shape + texture); null when neither cue was chosen. */
	shapeBias: number | null;
}

export function tally(decisions: Decision[]): Tally {
	const t = { n: decisions.length, shape: 0, texture: 0, other: 0 };
	for (const d of decisions) t[cueOf(d)]++;
	return { ...t, shapeBias: t.shape + t.texture ? t.shape / (t.shape + t.texture) : null };
}

/** Shape bias per shape category (the x-axis of Geirhos et al.'s plot). */
export function biasByCategory(decisions: Decision[], categories: string[]): { category: string; tally: Tally }[] {
	return categories.map((category) => ({ category, tally: tally(decisions.filter((d) => d.shape === category)) }));
}
