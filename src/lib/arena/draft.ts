// The round in progress, saved as it changes (guesses, time used, whether the model's answer was shown), so a
// reload or a reopened tab resumes it exactly.
import * as v from 'valibot';
import { RoundDraftSchema, type RoundDraft } from '../schema/records';

export type { RoundDraft };

/** Where drafts live (localStorage in the browser: synchronous, so a draft is written before the page can go). */
export interface DraftStore {
	get(sessionId: string): RoundDraft | null;
	put(draft: RoundDraft): void;
	delete(sessionId: string): void;
}


/** A draft read back from storage, or null when it is missing or damaged (a damaged draft only loses the unsubmitted round). */
export function checkDraft(x: unknown, sessionId: string): RoundDraft | null {
	const d = v.safeParse(RoundDraftSchema, x);
	return d.success && d.output.sessionId === sessionId ? d.output : null;
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
			// Written through the schema it is read back with: a draft that would not load is never stored.
			const checked = v.safeParse(RoundDraftSchema, draft);
			if (checked.success) storage.setItem(prefix + draft.sessionId, JSON.stringify(checked.output));
		},
		delete(sessionId) {
			storage.removeItem(prefix + sessionId);
		}
	};
}
