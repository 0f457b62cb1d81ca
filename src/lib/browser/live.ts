// The live pages' browser side: the room server's API on this origin, seats and the teacher's room in
// localStorage, each revealed answer saved as a round of the student's own games (IndexedDB).
import { connectRoom, liveApi } from '../live/client';
import { LIVE_API } from '../live/protocol';
import type { SavedSeat, StudentIO } from '../live/student.svelte';
import type { SavedRoom, TeacherIO } from '../live/teacher.svelte';
import type { Round, Session } from '../arena/round';
import type { ModelGuess } from '../arena/round';
import { paths } from '../core/datasets';
import type { ModelSession } from '../inference/session.svelte';
import { decodePicture } from './decode';
import { getStore } from './arena';
import { readItem, removeItem, writeItem } from './safe-storage';

const TEACHER_KEY = 'convnet-arena-live-teacher';
const SEAT_KEY = (code: string) => `convnet-arena-live-seat-${code}`;

export interface LiveInfo {
	lanUrls: string[];
}

/** The room server's info, or null when this origin has none (a static host, `vite preview`). */
export async function liveInfo(base: string): Promise<LiveInfo | null> {
	try {
		const res = await fetch(`${base}${LIVE_API}/info`);
		if (!res.ok || !(res.headers.get('content-type') ?? '').includes('json')) return null;
		return (await res.json()) as LiveInfo;
	} catch {
		return null;
	}
}

const origin = (base: string) => location.origin + base;

function readJson<T>(key: string): T | null {
	try {
		return JSON.parse(readItem(key) ?? 'null') as T | null;
	} catch {
		return null;
	}
}

export function browserTeacherIO(base: string, model: ModelSession, backend: () => string): TeacherIO {
	return {
		api: (p, b) => liveApi(origin(base), p, b),
		connect: (o) => connectRoom({ origin: origin(base), ...o }),
		async modelFive(photo): Promise<ModelGuess[]> {
			const res = await fetch(`${base}/${paths.image(photo.set, photo.image)}`);
			if (!res.ok) throw new Error(`the photo ${photo.image} could not be loaded (HTTP ${res.status})`);
			const bitmap = await decodePicture(await res.blob(), photo.image);
			return (await model.classify(bitmap, 5)).predictions;
		},
		saved: {
			get: () => readJson<SavedRoom>(TEACHER_KEY),
			set: (r) => (r ? writeItem(TEACHER_KEY, JSON.stringify(r)) : removeItem(TEACHER_KEY))
		},
		backend
	};
}

export function browserStudentIO(base: string, modelId: string): StudentIO {
	return {
		api: (p, b) => liveApi(origin(base), p, b),
		connect: (o) => connectRoom({ origin: origin(base), ...o }),
		seats: {
			get: (code) => readJson<SavedSeat>(SEAT_KEY(code)),
			set: (s) => writeItem(SEAT_KEY(s.code), JSON.stringify(s)),
			remove: (code) => removeItem(SEAT_KEY(code))
		},
		// Each revealed answer becomes a round of this student's saved games (the arena's own store and format).
		async onReveal(seat, i, photo, reveal, photos) {
			const mine = seat.answers[String(i)];
			if (!mine?.acked || !photo) return;
			const store = await getStore();
			const session: Session = {
				id: `live-${seat.code}-${seat.seat.id}`,
				player: seat.nick,
				config: { set: photo.set, n: photos.length, seconds: 0, model: modelId, mode: 'challenge', seed: 0, crops: 1 },
				createdAt: new Date().toISOString(),
				source: 'local'
			};
			const had = (await store.sessions()).find((g) => g.session.id === session.id);
			if (!had) await store.putSession(session);
			const round: Round = {
				sessionId: session.id, index: i, set: photo.set, image: photo.image, truth: reveal.truth, real: reveal.real, human: mine.guesses,
				model: reveal.model, humanMs: 0, timedOut: false, assisted: false, humanTags: [], modelTags: [], mode: 'challenge', modelId,
				backend: 'teacher', answeredAt: new Date().toISOString()
			};
			await store.putRound(round).catch(() => {}); // already saved (a reload replays the reveals)
		}
	};
}
