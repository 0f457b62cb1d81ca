// From backend runs to the exported report: one flat row per backend and model, and a text table.
import type { BackendName } from '../core/backend';
import { ENGINE_LABELS, type EngineName } from '../core/engines';
import { ratio, topkAgreement } from './stats';
import type { BackendRun, BenchConfig, Environment, FirstPrediction } from './types';

export interface ResultRow {
	model: string;
	engine: EngineName;
	backend: BackendName;
	/** null when the backend was not measured; `skipped` says why. */
	skipped: string | null;
	/** Timed interleaved rounds (each: ours, bare predict, package classify). */
	runs: number;
	load_ms: number | null;
	first_ms: number | null;
	median_ms: number | null;
	p95_ms: number | null;
	/** Images per second at each batch size ("1", "8", "32"); null = skipped (see batch_skipped). */
	batch_throughput: Record<string, number | null>;
	batch_skipped: Record<string, string>;
	tensors_leaked: number | null;
	classifications: number;
	memory: BackendRun['memory'];
	/** Share of the CPU backend's top-5 that this backend's top-5 also holds, over `agreement_images` pictures. */
	top5_agreement: number | null;
	top1_agreement: number | null;
	agreement_images: number;
	baseline_predict_median_ms: number | null;
	baseline_classify_median_ms: number | null;
	/** Our pipeline's median / the engine's bare call's median (TF.js predict, LiteRT.js run(); same backend, same run). */
	overhead_ratio: number | null;
	/** Our pipeline's median / @tensorflow-models/mobilenet classify()'s median. */
	overhead_vs_classify: number | null;
	adapter: string | null;
	hardware: boolean | null;
	/** XNNPACK threads (WASM only; 1 = one thread). */
	wasm_threads: number | null;
	/** In a second fresh worker loaded with the warm-up: the warm-up's time, whether shaders compiled in parallel, and the first real picture after it (compare first_ms, without). */
	warmup_ms: number | null;
	parallel_compile: boolean | null;
	first_ms_after_warmup: number | null;
}

/** WASM on one thread against all threads, same model, same session (each in a fresh worker, one after the other). */
export interface ThreadComparison {
	cross_origin_isolated: boolean;
	all_threads: number | null;
	all_threads_median_ms: number | null;
	one_thread_median_ms: number | null;
	/** one thread's median / all threads' median: above 1 means the threads help. */
	speedup: number | null;
	one_thread_runs: number;
	/** Why there is no comparison (not isolated, one core, ...). */
	note: string | null;
}

export interface BenchReport {
	benchmark: 'convnet-arena-speed';
	date: string;
	config: Omit<BenchConfig, 'referenceOnly'>;
	environment: Environment;
	first_prediction: FirstPrediction | null;
	/** The CPU reference the agreement is measured against (a CPU row when the CPU backend ran). */
	agreement_reference: { backend: 'cpu'; images: number } | null;
	results: ResultRow[];
	/** WASM one thread vs all threads (null when WASM was not measured). */
	wasm_threads: ThreadComparison | null;
	/** What the app's automatic choice takes among the rows measured here (automaticChoice), and its median. */
	automatic: { engine: EngineName; backend: BackendName; median_ms: number; why: string } | null;
	cancelled: boolean;
}

/**
 * The automatic choice over measured rows: the fastest median among those that ran and whose top-1 agreed with
 * the reference on every picture (an engine that answers differently is never chosen silently). The app's own
 * probe (browser/engine-choice) feeds it the same kind of rows.
 */
export function automaticChoice(rows: Pick<ResultRow, 'engine' | 'backend' | 'skipped' | 'median_ms' | 'top1_agreement'>[]): BenchReport['automatic'] {
	const ok = rows.filter((r) => !r.skipped && r.median_ms !== null && (r.top1_agreement === null || r.top1_agreement === 1));
	if (!ok.length) return null;
	const best = ok.reduce((a, b) => (b.median_ms! < a.median_ms! ? b : a));
	const others = ok.filter((r) => r !== best).map((r) => `${ENGINE_LABELS[r.engine]} ${r.backend} ${r.median_ms!.toFixed(1)} ms`);
	const refused = rows.filter((r) => !r.skipped && r.top1_agreement !== null && r.top1_agreement < 1).map((r) => `${ENGINE_LABELS[r.engine]} ${r.backend} (top-1 differs from the reference)`);
	const why = `fastest median here: ${best.median_ms!.toFixed(1)} ms${others.length ? `, against ${others.join(', ')}` : ''}${refused.length ? `; not used: ${refused.join(', ')}` : ''}`;
	return { engine: best.engine, backend: best.backend, median_ms: best.median_ms!, why };
}

const round = (v: number | null | undefined, digits = 1): number | null =>
	v == null || !Number.isFinite(v) ? null : Number(v.toFixed(digits));

export function toRow(run: BackendRun, reference: Record<string, number[]> | null): ResultRow {
	const agreement = reference && !run.skipped ? topkAgreement(run.top5, reference) : null;
	const throughput: Record<string, number | null> = {};
	const skipped: Record<string, string> = {};
	for (const b of run.batches) {
		throughput[String(b.batch)] = round(b.images_per_s, 2);
		if (b.skipped) skipped[String(b.batch)] = b.skipped;
	}
	return {
		model: run.model,
		engine: run.engine ?? 'tfjs',
		backend: run.backend,
		skipped: run.skipped ?? null,
		runs: run.ours?.n ?? 0,
		load_ms: round(run.load_ms),
		first_ms: round(run.first_ms),
		median_ms: round(run.ours?.median_ms),
		p95_ms: round(run.ours?.p95_ms),
		batch_throughput: throughput,
		batch_skipped: skipped,
		tensors_leaked: run.tensors_leaked,
		classifications: run.classifications,
		memory: run.memory,
		top5_agreement: round(agreement?.topk, 4),
		top1_agreement: round(agreement?.top1, 4),
		agreement_images: agreement?.n ?? 0,
		baseline_predict_median_ms: round(run.bare?.median_ms),
		baseline_classify_median_ms: round(run.classify?.median_ms),
		overhead_ratio: round(ratio(run.ours?.median_ms, run.bare?.median_ms), 3),
		overhead_vs_classify: round(ratio(run.ours?.median_ms, run.classify?.median_ms), 3),
		adapter: run.probe?.detail ?? null,
		hardware: run.probe?.hardware ?? null,
		wasm_threads: run.wasm_threads ?? null,
		warmup_ms: round(run.warm?.warmup_ms),
		parallel_compile: run.warm?.parallel_compile ?? null,
		first_ms_after_warmup: round(run.warm?.first_ms)
	};
}

export function buildReport(args: {
	config: BenchConfig;
	environment: Environment;
	firstPrediction: FirstPrediction | null;
	runs: BackendRun[];
	/** The CPU reference's top-5 when the CPU backend itself was not benchmarked. */
	reference?: Record<string, number[]> | null;
	/** The WASM backend again on one thread (when it ran threaded), for the thread comparison. */
	wasmOneThread?: BackendRun | null;
	cancelled?: boolean;
	date?: Date;
}): BenchReport {
	const cpuRun = args.runs.find((r) => r.backend === 'cpu' && !r.skipped);
	const reference = cpuRun?.top5 ?? args.reference ?? null;
	const { referenceOnly: _ignored, ...config } = args.config;
	const results = args.runs.map((r) => toRow(r, reference));
	return {
		benchmark: 'convnet-arena-speed',
		date: (args.date ?? new Date()).toISOString(),
		config,
		environment: args.environment,
		first_prediction: args.firstPrediction,
		agreement_reference: reference ? { backend: 'cpu', images: Object.keys(reference).length } : null,
		results,
		wasm_threads: threadComparison(args.runs.find((r) => r.backend === 'wasm' && (r.engine ?? 'tfjs') === 'tfjs' && !r.skipped), args.wasmOneThread ?? null),
		automatic: automaticChoice(results),
		cancelled: args.cancelled ?? false
	};
}

export function threadComparison(all: BackendRun | undefined, one: BackendRun | null): ThreadComparison | null {
	if (!all) return null;
	const threads = all.wasm_threads ?? null;
	const note = !all.cross_origin_isolated
		? 'not cross-origin isolated: WASM runs its one-thread build'
		: threads !== null && threads <= 1
			? 'one core: nothing to compare'
			: one?.skipped
				? `one-thread run: ${one.skipped}`
				: null;
	return {
		cross_origin_isolated: Boolean(all.cross_origin_isolated),
		all_threads: threads,
		all_threads_median_ms: round(all.ours?.median_ms),
		one_thread_median_ms: round(one?.ours?.median_ms),
		speedup: round(ratio(one?.ours?.median_ms, all.ours?.median_ms), 3),
		one_thread_runs: one?.ours?.n ?? 0,
		note
	};
}

const fmt = (v: number | null, digits = 0) => (v == null ? '–' : v.toFixed(digits));

/** A plain-text table of the report (the command line prints it; the page shows the same columns). */
export function formatTable(report: BenchReport): string {
	const head = ['model', 'engine', 'backend', 'N', 'load ms', 'first ms', 'median ms', 'p95 ms', 'img/s b1', 'img/s b8', 'img/s b32', 'leaked', 'top5 agr', 'bare ms', 'classify() ms', 'ours/bare', 'ours/classify()'];
	const rows = report.results.map((r) =>
		r.skipped
			? [r.model, r.engine, r.backend, `skipped: ${r.skipped}`]
			: [
					r.model,
					r.engine,
					r.backend,
					String(r.runs),
					fmt(r.load_ms),
					fmt(r.first_ms),
					fmt(r.median_ms, 1),
					fmt(r.p95_ms, 1),
					fmt(r.batch_throughput['1'] ?? null, 1),
					fmt(r.batch_throughput['8'] ?? null, 1),
					fmt(r.batch_throughput['32'] ?? null, 1),
					fmt(r.tensors_leaked),
					fmt(r.top5_agreement, 3),
					fmt(r.baseline_predict_median_ms, 1),
					fmt(r.baseline_classify_median_ms, 1),
					fmt(r.overhead_ratio, 3),
					fmt(r.overhead_vs_classify, 3)
				]
	);
	const widths = head.map((h, i) => Math.max(h.length, ...rows.filter((r) => r.length > 4).map((r) => (r[i] ?? '').length)));
	const line = (cells: string[]) =>
		cells.length <= 4 ? cells.map((c, i) => c.padEnd(widths[i])).join(' | ') : cells.map((c, i) => (i < 3 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(' | ');
	const out = [line(head), widths.map((w) => '-'.repeat(w)).join('-|-'), ...rows.map(line)];
	const skippedBatches = report.results.flatMap((r) => Object.entries(r.batch_skipped).map(([b, why]) => `  ${r.backend} batch ${b}: skipped, ${why}`));
	if (skippedBatches.length) out.push('', 'Skipped batch sizes:', ...skippedBatches);
	const warm = report.results.filter((r) => r.first_ms_after_warmup !== null);
	if (warm.length) {
		out.push('', 'First inference, cold vs after the warm-up (a second fresh worker):');
		for (const r of warm)
			out.push(`  ${r.backend}: ${fmt(r.first_ms)} ms cold, ${fmt(r.first_ms_after_warmup)} ms after a ${fmt(r.warmup_ms)} ms warm-up${r.parallel_compile ? ' (shaders compiled in parallel)' : ''}`);
	}
	const t = report.wasm_threads;
	if (t)
		out.push(
			'',
			t.note
				? `WASM threads: ${t.all_threads ?? 1} (${t.note})`
				: `WASM threads: ${t.all_threads} threads ${fmt(t.all_threads_median_ms, 1)} ms, one thread ${fmt(t.one_thread_median_ms, 1)} ms (${t.one_thread_runs} rounds): one/all = ${fmt(t.speedup, 3)}`
		);
	if (report.automatic) out.push('', `Automatic choice: ${ENGINE_LABELS[report.automatic.engine]} on ${report.automatic.backend}, ${report.automatic.median_ms.toFixed(1)} ms a photo (${report.automatic.why})`);
	if (report.first_prediction) {
		const f = report.first_prediction;
		out.push('', `Page load to first prediction: ${f.page_load_to_first_prediction_ms.toFixed(0)} ms (${f.backend}, weights ${f.weights_cached ? 'from the offline cache' : 'from the network'})`);
	}
	return out.join('\n');
}
