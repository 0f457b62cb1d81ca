// One transform at several strengths over a set of labelled pictures, for one or more models: top-1 / top-5 per strength.
import type { RGBImage } from './image';
import { abortError, yieldToEventLoop } from './cancel';
import type { TransformContext, TransformSpec } from './transforms';

export interface SweepImage {
	name: string;
	classIndex: number;
	load(): Promise<RGBImage>;
}

export interface SweepModel {
	id: string;
	/** Top-5 class indices for each picture. */
	top5(images: RGBImage[]): Promise<number[][]>;
}

export interface SweepOptions {
	transform: TransformSpec;
	strengths: number[];
	images: SweepImage[];
	models: SweepModel[];
	/** Passed to the transform; noise and clutter get seed + the picture's position, so a rerun gives the same pictures. */
	ctx?: TransformContext;
	/** Pictures loaded and classified together. Default 16. */
	batchSize?: number;
	/** Classifications done (pictures x strengths x models) out of the total. */
	onProgress?: (done: number, total: number) => void;
	signal?: AbortSignal;
}

export interface SweepRow {
	model: string;
	transform: string;
	strength: number;
	/** Pictures counted (unreadable ones are left out and listed in `skipped`). */
	n: number;
	top1: number;
	top5: number;
}

export interface SweepResult {
	rows: SweepRow[];
	skipped: { name: string; reason: string }[];
}

export function parseStrengths(text: string): number[] {
	const parts = text.split(/[\s,;]+/).filter(Boolean);
	const values = parts.map(Number);
	const bad = parts.filter((_, i) => !Number.isFinite(values[i]));
	if (bad.length) throw new Error(`Strengths must be numbers: ${bad.join(', ')} ${bad.length === 1 ? 'is' : 'are'} not`);
	if (!values.length) throw new Error('Give at least one strength');
	// A strength given twice ("0, 0, 1") is measured once: each row is one (model, strength), the table's key.
	return [...new Set(values)];
}

export async function runSweep(o: SweepOptions): Promise<SweepResult> {
	const { transform, strengths, images, models } = o;
	if (!strengths.length) throw new Error('Give at least one strength');
	if (!models.length) throw new Error('Choose at least one model');
	const outside = strengths.filter((s) => s < transform.min || s > transform.max);
	if (outside.length) throw new Error(`${transform.label} strengths run from ${transform.min} to ${transform.max}; ${outside.join(', ')} is outside`);
	const batchSize = Math.max(1, o.batchSize ?? 16);
	const check = () => {
		if (o.signal?.aborted) throw abortError();
	};
	const hits = models.map(() => strengths.map(() => ({ top1: 0, top5: 0 })));
	const skipped: SweepResult['skipped'] = [];
	const total = images.length * strengths.length * models.length;
	let done = 0, counted = 0;
	for (let start = 0; start < images.length; start += batchSize) {
		check();
		const chunk = images.slice(start, start + batchSize);
		const loaded = await Promise.all(
			chunk.map((im) =>
				im.load().catch((e) => {
					skipped.push({ name: im.name, reason: (e as Error).message });
					return null;
				})
			)
		);
		const ok = chunk.map((im, k) => ({ im, pic: loaded[k], seed: (o.ctx?.seed ?? 1) + start + k })).filter((x) => x.pic !== null);
		counted += ok.length;
		for (let s = 0; s < strengths.length; s++) {
			check();
			const pictures = await Promise.all(ok.map((x) => transform.apply(x.pic!, strengths[s], { ...o.ctx, seed: x.seed })));
			for (let m = 0; m < models.length; m++) {
				const answers = pictures.length ? await models[m].top5(pictures) : [];
				answers.forEach((top, k) => {
					const truth = ok[k].im.classIndex;
					if (top[0] === truth) hits[m][s].top1++;
					if (top.slice(0, 5).includes(truth)) hits[m][s].top5++;
				});
				done += chunk.length;
				o.onProgress?.(done, total);
				await yieldToEventLoop();
			}
		}
	}
	const rows = models.flatMap((model, m) =>
		strengths.map((strength, s) => ({
			model: model.id,
			transform: transform.id,
			strength,
			n: counted,
			top1: counted ? hits[m][s].top1 / counted : 0,
			top5: counted ? hits[m][s].top5 / counted : 0
		}))
	);
	return { rows, skipped };
}

/** Accuracy as a percentage with two decimals: what the CSV, the table and the chart all show. */
export const pct = (fraction: number) => Math.round(fraction * 10000) / 100;

export const SWEEP_CSV_HEADER = 'model,transform,strength,n,top1_pct,top5_pct';

export function sweepCsv(rows: SweepRow[]): string {
	const esc = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
	return [SWEEP_CSV_HEADER, ...rows.map((r) => [esc(r.model), esc(r.transform), r.strength, r.n, pct(r.top1).toFixed(2), pct(r.top5).toFixed(2)].join(','))].join('\n') + '\n';
}
