// Which TF.js backend to run on: the names, what a probe found, and the ranking by what is really fast here.
// No TF.js here, so pages that only name backends (the inference runs in a worker) do not load it; the
// probing and switching are in browser/backend-choice.ts.

export const BACKENDS = ['webgpu', 'webgl', 'wasm', 'cpu'] as const;
export type BackendName = (typeof BACKENDS)[number];

export interface BackendProbe {
	name: BackendName;
	available: boolean;
	/** true = a real GPU; false = software emulation (SwiftShader, a WebGPU fallback adapter); null = not a GPU backend. */
	hardware: boolean | null;
	/** Adapter or renderer description, or why it is unavailable. */
	detail: string;
}

export interface BackendChoice {
	chosen: BackendName;
	forced: boolean;
	probes: BackendProbe[];
	/** For each backend not in use: why. */
	notUsed: Partial<Record<BackendName, string>>;
}

/** Renderer or adapter names that mean a software-emulated GPU. */
export const SOFTWARE_RENDERER = /swiftshader|llvmpipe|softpipe|software|basic render|microsoft basic/i;

/**
 * Best-first order. A software-emulated GPU is 10-50x slower than WASM (measured in headless
 * Chromium here), so it ranks below WASM and even below plain CPU only when it is emulated.
 */
export function rankBackends(probes: BackendProbe[]): BackendName[] {
	const score = (p: BackendProbe): number => {
		if (!p.available) return -1;
		if (p.name === 'webgpu') return p.hardware ? 100 : 10;
		if (p.name === 'webgl') return p.hardware ? 90 : 20;
		if (p.name === 'wasm') return 50;
		return 30; // cpu
	};
	return probes
		.filter((p) => p.available)
		.sort((a, b) => score(b) - score(a))
		.map((p) => p.name);
}

/** Why a backend ranked below the chosen one. */
export function whyNotUsed(probe: BackendProbe, chosen: BackendName): string {
	if (!probe.available) return `unavailable: ${probe.detail}`;
	if (probe.hardware === false) return `software-emulated GPU (${probe.detail}): slower than ${chosen} here`;
	if (probe.name === 'cpu') return `plain JavaScript, the slowest; ${chosen} is faster`;
	return `ranked below ${chosen}`;
}
