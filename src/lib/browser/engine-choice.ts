// The automatic engine choice: a short measured probe per browser, app version and model. Each engine loads in its
// own fresh worker (warmed up), answers the same probe photo a few times, and the faster median wins, unless its
// top-5 disagrees with TF.js's (the engine every figure of the app was measured with): then it is not used, and
// the reason is kept for the page. The result is cached in localStorage, so the probe runs once per browser and app
// version (a new browser version or a new build measures again).
import { version } from '$app/environment';
import type { BackendName } from '../core/backend';
import { getModel } from '../core/catalogue';
import { paths } from '../core/datasets';
import { ENGINE_LABELS, enginesFor, sameFiveWithTies, type EngineName, type Ranked } from '../core/engines';
import { summarize } from '../bench/stats';
import { ModelSession } from '../inference/session.svelte';
import { decodePicture } from './decode';
import { readItem, writeItem } from './safe-storage';

export const PROBE_PHOTO = { set: 'ilsvrc2012_val_acuity1300', file: 'ILSVRC2012_val_00000347.JPEG' };
/** Timed answers per engine after one untimed (the warm-up already ran in the worker). */
export const PROBE_RUNS = 5;

export interface EngineTrial {
	engine: EngineName;
	backend: BackendName | null;
	median_ms: number | null;
	/** Why this engine is not used (failed to load, or answered differently from TF.js). */
	refused?: string;
}

export interface EngineChoice {
	engine: EngineName;
	/** The backend the probe ran it on: the one to ask for. */
	backend: BackendName | null;
	why: string;
	trials: EngineTrial[];
	/** From an earlier probe in this browser (same browser and app version). */
	cached: boolean;
	date: string;
}

/** The probe's workers while they run: a page that is left ends them, and no new one starts after that. */
export class ProbeScope {
	readonly sessions = new Set<ModelSession>();
	closed = false;
	end(): void {
		this.closed = true;
		for (const s of this.sessions) s.end('The page was left.');
	}
}

const key = (modelId: string) => `convnet-arena/engine-choice/${version}/${navigator.userAgent}/${modelId}`;

function readCache(modelId: string): EngineChoice | null {
	try {
		const v = readItem(key(modelId));
		return v ? { ...(JSON.parse(v) as EngineChoice), cached: true } : null;
	} catch {
		return null;
	}
}

/** Measure one engine in its own worker, ended afterwards. */
async function trial(base: string, modelId: string, engine: EngineName, photo: Blob, scope: ProbeScope): Promise<EngineTrial & { answer: Ranked[]; fellBack: string | null }> {
	if (scope.closed) throw new Error('The page was left.');
	const session = new ModelSession(base);
	scope.sessions.add(session);
	try {
		const info = await session.load(modelId, undefined, { engine, warmUp: true });
		if (!info) throw new Error('superseded');
		const times: number[] = [];
		let answer: Ranked[] = [];
		for (let i = 0; i <= PROBE_RUNS; i++) {
			const { predictions, ms } = await session.classify(await decodePicture(photo, PROBE_PHOTO.file), 10);
			if (i > 0) times.push(ms);
			answer = predictions;
		}
		const failed = Object.entries(info.backend.notUsed).find(([, why]) => why?.startsWith('failed to initialise'));
		return { engine, backend: info.backend.chosen, median_ms: summarize(times)?.median_ms ?? null, answer, fellBack: failed ? `${failed[0]} ${failed[1]}` : null };
	} finally {
		session.end('probe done');
		scope.sessions.delete(session);
	}
}

/**
 * The engine to run `modelId` on here. TF.js only where the model has no .tflite. `scope` holds the probe's
 * workers while they run, so that a page left mid-probe can end them.
 */
export async function chooseEngine(base: string, modelId: string, scope: ProbeScope = new ProbeScope()): Promise<EngineChoice> {
	const engines = enginesFor(getModel(modelId));
	const date = new Date().toISOString().slice(0, 10);
	if (engines.length === 1) return { engine: 'tfjs', backend: null, why: 'only TF.js runs this model (it has no .tflite file)', trials: [], cached: false, date };
	const cached = readCache(modelId);
	if (cached) return cached;
	const res = await fetch(`${base}/${paths.image(PROBE_PHOTO.set, PROBE_PHOTO.file)}`);
	if (!res.ok) throw new Error(`probe photo: HTTP ${res.status}`);
	const photo = await res.blob();
	// TF.js first: it is the reference. If it fails, TF.js stays (its error is the one the page must show).
	const reference = await trial(base, modelId, 'tfjs', photo, scope);
	const trials: EngineTrial[] = [{ engine: 'tfjs', backend: reference.backend, median_ms: reference.median_ms }];
	// A backend that failed to start is shown on the page, never hidden by a switch of engine: TF.js stays, uncached.
	if (reference.fellBack) return { engine: 'tfjs', backend: reference.backend, why: `TF.js had to fall back (${reference.fellBack}); LiteRT.js was not tried`, trials, cached: false, date };
	for (const engine of engines.filter((e) => e !== 'tfjs')) {
		try {
			if (scope.closed) throw new Error('The page was left.');
			const t = await trial(base, modelId, engine, photo, scope);
			const agrees = t.answer[0]?.classIndex === reference.answer[0]?.classIndex && sameFiveWithTies(t.answer, reference.answer);
			trials.push({ engine, backend: t.backend, median_ms: t.median_ms, ...(agrees ? {} : { refused: 'its top-5 on the probe photo differs from TF.js’s' }) });
		} catch (e) {
			if (scope.closed) throw e;
			trials.push({ engine, backend: null, median_ms: null, refused: `failed to load: ${(e as Error).message}` });
		}
	}
	const usable = trials.filter((t) => !t.refused && t.median_ms !== null);
	const best = usable.reduce((a, b) => (b.median_ms! < a.median_ms! ? b : a));
	const said = (t: EngineTrial) => `${ENGINE_LABELS[t.engine]} on ${t.backend ?? '?'} ${t.median_ms === null ? '–' : `${t.median_ms.toFixed(0)} ms`}`;
	const refused = trials.filter((t) => t.refused).map((t) => `${ENGINE_LABELS[t.engine]} not used: ${t.refused}`);
	const why = [`measured on one photo here: ${usable.map(said).join(', ')}`, ...refused].join('; ');
	const choice: EngineChoice = { engine: best.engine, backend: best.backend, why, trials, cached: false, date };
	writeItem(key(modelId), JSON.stringify(choice)); // where nothing is kept (private mode), measured again next time
	return choice;
}
