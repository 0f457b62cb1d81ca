import type { TestProject } from 'vitest/node';
import { startPreview } from './server';

let stop: (() => void) | undefined;

export async function setup(project: TestProject) {
	const server = await startPreview();
	stop = server.stop;
	project.provide('baseUrl', server.url);
}

export function teardown() {
	stop?.();
}

declare module 'vitest' {
	export interface ProvidedContext {
		baseUrl: string;
	}
}
