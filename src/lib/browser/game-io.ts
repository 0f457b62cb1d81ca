// The arena game's browser side: each photo fetched once (one Blob gives the image shown and the bitmap the
// worker classifies), drafts in localStorage, rounds in IndexedDB.
import type { GameIO, PhotoJob } from '../arena/game.svelte';
import { localDraftStore } from '../arena/draft';
import type { Session } from '../arena/round';
import { paths } from '../core/datasets';
import type { LabelledImage } from '../core/labels';
import type { Store } from '../store/db';
import type { ModelSession } from '../inference/session.svelte';
import type { ReadyInfo } from '../worker/client';
import { decodePicture } from './decode';
import { checkAvailable } from './offline';
import { smallStorage } from './safe-storage';

export function browserGameIO(opts: {
	base: string;
	model: ModelSession;
	ready: Promise<ReadyInfo | null>;
	store: Store;
	onSession: (s: Session) => void;
}): GameIO {
	let backend = '';
	const photoUrl = (set: string, image: LabelledImage) => `${opts.base}/${paths.image(set, image.filename)}`;
	opts.ready.then((info) => (backend = info?.backend.chosen ?? '')).catch(() => {});
	/** The photo's bytes once, shown from an object URL that release() frees. */
	function fetchPhoto(set: string, image: LabelledImage) {
		const name = image.filename;
		let url = '';
		let released = false;
		const blob = fetch(photoUrl(set, image)).then(
			async (res) => {
				if (!res.ok) throw new Error(`The photo ${name} could not be loaded (HTTP ${res.status}).`);
				return res.blob();
			},
			(e: Error) => {
				throw new Error(`The photo ${name} could not be loaded (${e.message}): check the connection and try again.`);
			}
		);
		const urlP = blob.then((b) => {
			url = URL.createObjectURL(b);
			if (released) URL.revokeObjectURL(url);
			return url;
		});
		return {
			blob,
			url: urlP,
			release() {
				released = true;
				if (url) URL.revokeObjectURL(url);
			}
		};
	}
	return {
		photo(set, image, k, crops): PhotoJob {
			const p = fetchPhoto(set, image);
			const result = p.blob.then(async (b) => {
				await opts.ready;
				const bitmap = await decodePicture(b, image.filename);
				return opts.model.classify(bitmap, k, crops); // the bitmap moves to the worker
			});
			const answer = result.then((r) => r.predictions);
			const modelMs = result.then((r) => r.ms);
			modelMs.catch(() => {}); // a failure is reported through `answer`; a photo left unanswered must not throw
			return { url: p.url, answer, modelMs, release: p.release };
		},
		picture(set, image) {
			const { url, release } = fetchPhoto(set, image);
			return { url, release };
		},
		putSession: (s) => opts.store.putSession(s),
		putRound: (r) => opts.store.putRound(r),
		drafts: localDraftStore(smallStorage().storage), // in memory where storage is disabled or full
		now: () => performance.now(),
		backend: () => backend,
		newId: () => crypto.randomUUID(),
		onSession: opts.onSession,
		async missingPhotos(set, images) {
			const urls = images.map((l) => photoUrl(set, l));
			const { missing } = await checkAvailable(urls);
			return images.filter((_, i) => missing.includes(urls[i])).map((l) => l.filename);
		}
	};
}
