// Figures measured here with `npm run eval -- --model all --set <folder> --write` (the app's own code, Node,
// TF.js WASM), kept in models/measured.json: the opponent ladder on / and /models reads them.
import measuredJson from '../../../models/measured.json';
import type { AccuracyReport } from './accuracy';
import { catalogue, type ModelEntry } from './catalogue';

export interface MeasuredRow extends AccuracyReport {
	model: string;
	/** The set folder's name (= the image set id for the mirror's sets). */
	set: string;
	crops: number;
	backend: string;
	unreadable: number;
	/** Decode + classify per image, Node, batch 16 (not the browser's figure). */
	ms_per_image: number;
	load_ms: number;
	tensors_leaked: number;
	date: string;
}

export interface MeasuredFile {
	about?: string;
	results: MeasuredRow[];
}

const ABOUT =
	'Written by `npm run eval -- --model <id>|all --set <folder> [--crops 10] --write` (whole sets only): top-1/top-5 (fractions) against the original labels and ReaL, with the app own classifier in Node (TF.js WASM, 2 cores).';

/** New rows replace old ones of the same model, set and crops; sorted for a stable file. */
export function mergeMeasured(old: MeasuredFile, rows: MeasuredRow[]): MeasuredFile {
	const key = (r: MeasuredRow) => `${r.set}\u0000${r.crops}\u0000${r.model}`;
	const byKey = new Map(old.results.map((r) => [key(r), r]));
	for (const r of rows) byKey.set(key(r), r);
	const results = [...byKey.values()].sort((a, b) => a.set.localeCompare(b.set) || a.crops - b.crops || a.model.localeCompare(b.model));
	return { about: ABOUT, results };
}

export const measured = measuredJson as unknown as MeasuredFile;

export function measuredFor(modelId: string, setId: string, crops = 1, file: MeasuredFile = measured): MeasuredRow | null {
	return file.results.find((r) => r.model === modelId && r.set === setId && r.crops === crops) ?? null;
}

/** The trained annotator's top-5 error in the 2014 study (Russakovsky et al. 2015, 1,500 photos). */
export const HUMAN_2014_TOP5_ERROR = 0.051;

export interface RungFigures {
	top1: number;
	top5: number;
	/** Looks per photo the figures were measured with. */
	crops: number;
	n: number | null;
	/** 'here': models/measured.json (npm run eval --write); 'source': the mirror's SOURCE.md (catalogue `measured`). */
	source: 'here' | 'source';
	/** Node WASM decode + classify per image, where measured here. */
	msPerImage: number | null;
}

export interface LadderRung {
	entry: ModelEntry;
	/** Figures on the chosen set, or null when neither a run here nor the mirror has them. */
	figures: RungFigures | null;
	/** Top-5 error minus the 2014 human's (positive: more errors than the person), in points; null if unmeasured. */
	vsHumanPoints: number | null;
}

/** The best figures known for a model on a set: a run here with these looks, else a 1-look run here, else SOURCE.md. */
export function figuresFor(entry: ModelEntry, setId: string, crops = 1, file: MeasuredFile = measured): RungFigures | null {
	const row = measuredFor(entry.id, setId, crops, file) ?? measuredFor(entry.id, setId, 1, file);
	if (row) return { top1: row.top1, top5: row.top5, crops: row.crops, n: row.n, source: 'here', msPerImage: row.ms_per_image };
	const m = entry.measured[setId];
	if (m && typeof m === 'object') return { top1: m.top1 / 100, top5: m.top5 / 100, crops: 1, n: null, source: 'source', msPerImage: null };
	return null;
}

/** The zoo by year (then name), each with its figures on `setId`: the setup's opponent list and /models. */
export function opponentLadder(setId: string, crops = 1, file: MeasuredFile = measured): LadderRung[] {
	return [...catalogue.models]
		.sort((a, b) => a.year - b.year || a.name.localeCompare(b.name))
		.map((entry) => {
			const figures = figuresFor(entry, setId, crops, file);
			return { entry, figures, vsHumanPoints: figures ? 100 * (1 - figures.top5 - HUMAN_2014_TOP5_ERROR) : null };
		});
}

/** One line: where a model stands against the 2014 human on this set. */
export function standing(rung: LadderRung): string {
	if (!rung.figures || rung.vsHumanPoints === null) return `${rung.entry.name}: not measured on this set yet.`;
	const err = (100 * (1 - rung.figures.top5)).toFixed(1);
	const d = rung.vsHumanPoints;
	const where = Math.abs(d) < 0.05 ? 'level with' : d > 0 ? `${d.toFixed(1)} points behind` : `${(-d).toFixed(1)} points ahead of`;
	return `${rung.entry.name} (${rung.entry.year}): ${err}% top-5 error on this set, ${where} the 2014 trained person (5.1% on 1,500 test photos).`;
}
