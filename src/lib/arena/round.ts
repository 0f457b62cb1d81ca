// A round: one image, the person's and the model's five guesses. The same object is stored, exported and scored.
import { hits } from '../core/accuracy';
import type { Mode, SessionConfig } from './session';

export interface ModelGuess {
	classIndex: number;
	probability: number;
}

export interface Round {
	sessionId: string;
	/** Position in the session's image sequence, from 0. */
	index: number;
	set: string;
	image: string;
	truth: number;
	/** ReaL labels; empty = left out of ReaL figures. */
	real: number[];
	/** The person's ordered guesses (0-5 class indices). */
	human: number[];
	model: ModelGuess[];
	humanMs: number;
	/** The clock ran out: what was chosen so far was submitted. */
	timedOut: boolean;
	/** The person looked at the model's answer first: kept out of the human score. */
	assisted: boolean;
	/** 2014 error-taxonomy ids, tagged after a miss. */
	humanTags: string[];
	modelTags: string[];
	mode: Mode;
	modelId: string;
	backend: string;
	answeredAt: string;
	/** Milliseconds the model took on the photo (all its looks), where measured. */
	modelMs?: number;
}

export interface Session {
	id: string;
	player: string;
	config: SessionConfig;
	createdAt: string;
	/** Where a session came from: played here, or imported from a file. */
	source: 'local' | 'import';
}

export const humanHits = (r: Round) => hits(r.human, r.truth, r.real);
export const modelHits = (r: Round) => hits(r.model.map((m) => m.classIndex), r.truth, r.real);
