// The benchmark's plain data: what it is asked to do, what one backend run returns, and the report.
import type { BackendName, BackendProbe } from '../core/backend';
import type { Summary } from './stats';
import type { EngineName } from '../core/engines';

export const BATCH_SIZES = [1, 8, 32] as const;

export interface BenchConfig {
	modelId: string;
	/** Most interleaved rounds (each round: our pipeline, bare predict, the package's classify()). */
	maxRuns: number;
	/** Fewest rounds, whatever the budget. */
	minRuns: number;
	/** Time budget for the interleaved rounds of one backend, ms. */
	budgetMs: number;
	/** Time budget for each batch size of one backend, ms (estimated up front: a batch that would not fit is skipped). */
	batchBudgetMs: number;
	batchSizes: number[];
	/** Only classify the pictures once (the CPU reference for agreement): no timing rounds, no batches. */
	referenceOnly?: boolean;
}

export const DEFAULT_CONFIG: Omit<BenchConfig, 'modelId'> = {
	maxRuns: 30,
	minRuns: 5,
	budgetMs: 20_000,
	batchBudgetMs: 25_000,
	batchSizes: [...BATCH_SIZES]
};

export interface MemorySnapshot {
	numTensors: number;
	numBytes: number;
}

export interface BatchResult {
	batch: number;
	/** Timed runs (after one untimed warm-up for batches above 1). */
	n: number;
	median_ms: number | null;
	images_per_s: number | null;
	/** Why it was not measured. */
	skipped?: string;
}

/** One backend, one model: what the worker measured. */
export interface BackendRun {
	/** The engine (default 'tfjs'): TF.js on our conversion, or LiteRT.js on the original .tflite. */
	engine?: EngineName;
	backend: BackendName;
	model: string;
	/** Why this backend was not benchmarked (unavailable, failed to start, cancelled...). */
	skipped?: string;
	probe?: BackendProbe;
	/** Time until all weight bytes had arrived. */
	weights_ms: number | null;
	/** Weights + model build + the loader's warm-up inference (shader compile on GPU backends). */
	load_ms: number | null;
	/** The first classify() of a real picture after load. */
	first_ms: number | null;
	ours: Summary | null;
	bare: Summary | null;
	classify: Summary | null;
	batches: BatchResult[];
	memory: { before_load: MemorySnapshot; after_load: MemorySnapshot; after_bench: MemorySnapshot } | null;
	/** Tensors alive after the benchmark minus before its first classification (0 = no leak). */
	tensors_leaked: number | null;
	/** Classifications run between the two tensor counts. */
	classifications: number;
	/** Top-5 class indices per picture name, for agreement with the CPU backend. */
	top5: Record<string, number[]>;
	wall_ms: number;
	/** XNNPACK's threads on WASM (1: one thread), null on other backends; whether the worker was cross-origin isolated. */
	wasm_threads?: number | null;
	cross_origin_isolated?: boolean;
	/** A second fresh worker, loaded with the warm-up: the warm-up's time and the first real picture's after it. */
	warm?: { warmup_ms: number; parallel_compile: boolean; first_ms: number } | null;
}

export interface FirstPrediction {
	/** performance.now() at the first prediction: ms since the page's navigation started. */
	page_load_to_first_prediction_ms: number;
	backend: BackendName;
	model: string;
	/** Whether the model's weights were already in the offline cache when the page loaded. */
	weights_cached: boolean;
	load_ms: number;
}

export interface Environment {
	userAgent: string;
	/** Filled in by the command-line runner. */
	browser_version?: string;
	chromium_flags?: string[];
	hardwareConcurrency: number;
	/** What each backend's probe found in the worker. */
	probes: BackendProbe[];
}
