// The opponent, loaded before Play: the start page asks for the chosen model as soon as it shows it, and the
// play page adopts that same worker, so the first photo finds the model ready. One model session at a time,
// held across client-side navigation (module state); the play page ends it like its own.
import { ModelSession } from '../inference/session.svelte';
import type { ReadyInfo } from '../worker/client';

interface Warm {
	session: ModelSession;
	modelId: string;
	ready: Promise<ReadyInfo | null>;
}
let held: Warm | null = null;

/** Start (or switch) loading `modelId` in the held session; returns the session, for its status and progress. */
export function warmOpponent(base: string, modelId: string): ModelSession {
	if (held && held.modelId === modelId && held.session.status !== 'error' && held.session.status !== 'ended') return held.session;
	const session = held && held.session.status !== 'ended' ? held.session : new ModelSession(base);
	// fresh: another opponent chosen stops the earlier load at once rather than queueing behind it.
	const ready = session.load(modelId, undefined, { fresh: true }); // the superseded load answers null
	ready.catch(() => {}); // shown in the session's status, and again by the play page
	held = { session, modelId, ready };
	return session;
}

/** Hand the held session to the play page (it owns it from then on) if it holds `modelId`; else end it. */
export function takeWarmOpponent(modelId: string): { session: ModelSession; ready: Promise<ReadyInfo | null> | null } | null {
	const w = held;
	held = null;
	if (!w || w.session.status === 'ended') return null;
	if (w.modelId !== modelId || w.session.status === 'error') {
		// Another model (a rematch link, a resumed game): a fresh worker of the play page's own is quicker than a queue.
		w.session.end();
		return null;
	}
	return { session: w.session, ready: w.ready };
}

/** The page that showed it is gone for good (not to Play): end the worker after a while unless Play took it. */
export function releaseWarmOpponent(afterMs = 60_000) {
	const w = held;
	if (!w) return;
	setTimeout(() => {
		if (held === w) {
			held = null;
			w.session.end();
		}
	}, afterMs);
}
