// A live class's results in the arena's own records: one Session per student with a Round per answered photo,
// so the export is the JSON/CSV that /class reads, and the results view is /class's (src/lib/arena/class-results.ts).
import type { LabelledImage } from '../core/labels';
import type { Round, Session } from '../arena/round';
import type { ClassGame } from '../arena/class-results';
import { toCsv, toJson } from '../store/exchange';
import type { Photo, Reveal } from './protocol';

export interface ClassRecord {
	code: string;
	createdAt: number;
	seed: number;
	set: string;
	modelId: string;
	backend: string;
	photos: Photo[];
	/** The teacher's copy of the labels, photo by photo (students never get these before reveal). */
	labels: LabelledImage[];
	students: Record<string, { nick: string }>;
	/** `${photo}:${seat}` -> guesses */
	answers: Record<string, number[]>;
	reveals: Record<string, Reveal>;
}

export function classSessions(c: ClassRecord): { session: Session; rounds: Round[] }[] {
	const createdAt = new Date(c.createdAt).toISOString();
	return Object.entries(c.students).map(([seat, s]) => {
		const session: Session = {
			id: `live-${c.code}-${seat}`,
			player: s.nick,
			config: { set: c.set, n: c.photos.length, seconds: 0, model: c.modelId, mode: 'challenge', seed: c.seed, crops: 1 },
			createdAt,
			source: 'local'
		};
		const rounds: Round[] = [];
		c.photos.forEach((p, i) => {
			const human = c.answers[`${i}:${seat}`];
			const reveal = c.reveals[String(i)];
			if (!human || !reveal) return;
			rounds.push({
				sessionId: session.id, index: i, set: p.set, image: p.image, truth: c.labels[i].classIndex, real: c.labels[i].real, human,
				model: reveal.model, humanMs: 0, timedOut: false, assisted: false, humanTags: [], modelTags: [], mode: 'challenge',
				modelId: c.modelId, backend: c.backend, answeredAt: createdAt
			});
		});
		return { session, rounds };
	});
}

/** The room's games for the class results view (src/lib/arena/class-results.ts), each named after the room. */
export function classGames(c: ClassRecord): ClassGame[] {
	return classSessions(c).map(({ session, rounds }) => ({ id: session.id, session, rounds, source: `room ${c.code}` }));
}

/** Every student's session in one file: a JSON list of session exports, or one CSV with a header once (names beside ids). */
export function classExport(c: ClassRecord, kind: 'json' | 'csv', name?: (classIndex: number) => string): string {
	const all = classSessions(c);
	if (kind === 'json') return `[${all.map((x) => toJson(x.session, x.rounds)).join(',\n')}]`;
	return all.map((x, i) => (i === 0 ? toCsv(x.session, x.rounds, name) : toCsv(x.session, x.rounds, name).split('\r\n').slice(1).join('\r\n'))).filter(Boolean).join('\r\n');
}
