// The round in progress, saved as it changes (guesses, time used, whether the model's answer was shown), so a
// reload or a reopened tab resumes it exactly.
import { isClassIndex } from '../core/classes';

export interface RoundDraft {
	sessionId: string;
	/** Position of the image in the game's sequence. */
	index: number;
	guesses: number[];
	/** Milliseconds of the clock used so far; the clock continues from here. */
	usedMs: number;
	/** The model's answer was shown: the round is assisted whatever happens next. */
	assisted: boolean;
}

/** Where drafts live (localStorage in the browser: synchronous, so a draft is written before the page can go). */
export interface DraftStore {
	get(sessionId: string): RoundDraft | null;
	put(draft: RoundDraft): void;
	delete(sessionId: string): void;
}


/** A draft read back from storage, or null when it is missing or damaged (a damaged draft only loses the unsubmitted round). */
export function checkDraft(x: unknown, sessionId: string): RoundDraft | null {
	const d = x as RoundDraft;
	if (!d || d.sessionId !== sessionId || !Number.isInteger(d.index) || d.index < 0) return null;
	if (!Array.isArray(d.guesses) || d.guesses.length > 5 || !d.guesses.every(isClassIndex) || new Set(d.guesses).size !== d.guesses.length) return null;
	if (typeof d.usedMs !== 'number' || !Number.isFinite(d.usedMs) || d.usedMs < 0 || typeof d.assisted !== 'boolean') return null;
	return { sessionId, index: d.index, guesses: [...d.guesses], usedMs: d.usedMs, assisted: d.assisted };
}

/** Drafts in localStorage under one key per game. */
export function localDraftStore(storage: Storage, prefix = 'convnet-arena-draft:'): DraftStore {
	return {
		get(sessionId) {
			try {
				return checkDraft(JSON.parse(storage.getItem(prefix + sessionId) ?? 'null'), sessionId);
			} catch {
				return null;
			}
		},
		put(draft) {
			storage.setItem(prefix + draft.sessionId, JSON.stringify(draft));
		},
		delete(sessionId) {
			storage.removeItem(prefix + sessionId);
		}
	};
}
