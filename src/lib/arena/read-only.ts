// Saved games that can be looked at and exported but not played on: their own record was damaged past repair,
// or they name a model or an image set this version of the app no longer has. The start page labels them
// "export only" and the game page refuses to resume them by URL, for the same reason.
import { catalogue } from '../core/catalogue';
import { IMAGE_SETS } from '../core/datasets';
import type { Session } from '../schema/records';

export function readOnlyReason(saved: { session: Session; damaged?: { why: string; resumable: boolean } }): string | null {
	const c = saved.session.config;
	if (saved.damaged && !saved.damaged.resumable) return `${saved.damaged.why}, so which photos come next is not known`;
	if (!catalogue.models.some((m) => m.id === c.model)) return `it was played against "${c.model}", a model this version of the app no longer has`;
	if (!IMAGE_SETS.some((s) => s.id === c.set && s.kind === 'val')) return `its photos ("${c.set}") are no longer in this app`;
	return null;
}

/** The photos of a read-only game can be played again (a new game) when their set still exists. */
export const canReplay = (session: Session) => IMAGE_SETS.some((s) => s.id === session.config.set && s.kind === 'val');
