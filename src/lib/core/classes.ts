// The one ImageNet-1k class list (sorted-wnid order, 0..999), read from the mirror's meta/classes.csv.
import Papa from 'papaparse';
import classNames from './class-names.json';

export interface ImageNetClass {
	index: number;
	wnid: string;
	/** First WordNet lemma, as ILSVRC names the class. */
	label: string;
	/** Short human-friendly name (imagenet-simple-labels, with the fixes in class-names.json). */
	simpleLabel: string;
	/** The imagenet-simple-labels name where class-names.json replaced it (still searchable). */
	formerSimpleLabel?: string;
	/** All WordNet lemmas of the synset. */
	synonyms: string[];
	gloss: string;
	/** Labels root -> parent along the primary WordNet path. */
	path: string[];
	pathWnids: string[];
	/** Pre-order position in the WordNet hierarchy: a semantic listing order. */
	dfsOrder: number;
	ancestors: string[];
}

export const NUM_CLASSES = 1000;

/** A valid class index, 0..999 (for anything read back from storage or a file). */
export const isClassIndex = (x: unknown): x is number => Number.isInteger(x) && (x as number) >= 0 && (x as number) < NUM_CLASSES;

/** wnid -> a better simple name (a simple label that named another animal or thing). */
const NAME_FIXES: Record<string, { name: string }> = classNames.names;

export function parseClasses(csvText: string): ImageNetClass[] {
	const parsed = Papa.parse<Record<string, string>>(csvText.trim(), { header: true, skipEmptyLines: true });
	if (parsed.errors.length) throw new Error(`classes.csv: ${parsed.errors[0].message} (row ${parsed.errors[0].row})`);
	const classes = parsed.data.map((r) => ({
		index: Number(r.class_index),
		wnid: r.wnid,
		label: r.label,
		simpleLabel: NAME_FIXES[r.wnid]?.name ?? r.simple_label,
		formerSimpleLabel: NAME_FIXES[r.wnid] ? r.simple_label : undefined,
		synonyms: r.synset_words.split(',').map((s) => s.trim()).filter(Boolean),
		gloss: r.gloss,
		path: r.primary_path_labels.split(' > '),
		pathWnids: r.primary_path_wnids.split(' '),
		dfsOrder: Number(r.dfs_order),
		ancestors: r.ancestor_wnids.split(' ')
	}));
	if (classes.length !== NUM_CLASSES || classes.some((c, i) => c.index !== i)) {
		throw new Error(`classes.csv must list ${NUM_CLASSES} classes in index order; found ${classes.length}`);
	}
	return classes;
}

/** Map a model's output position to a class index (-1 = not a class, e.g. background). */
export function outputToClassIndex(
	order: 'background+sorted' | 'sorted' | 'darknet',
	classes: ImageNetClass[],
	darknetWnids?: string[]
): Int32Array {
	if (order === 'sorted') return Int32Array.from(classes, (c) => c.index);
	if (order === 'background+sorted') return Int32Array.from([-1, ...classes.map((c) => c.index)]);
	if (!darknetWnids || darknetWnids.length < NUM_CLASSES) throw new Error('darknet class order needs its list of 1000 wnids');
	const byWnid = new Map(classes.map((c) => [c.wnid, c.index]));
	return Int32Array.from(darknetWnids.slice(0, NUM_CLASSES), (w) => {
		const i = byWnid.get(w);
		if (i === undefined) throw new Error(`darknet order names unknown wnid ${w}`);
		return i;
	});
}
