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
import { answerProblem, headOf } from '../core/response-check';

export function browserGameIO(opts: {
	base: string;
	model: ModelSession;
	/** The model, loaded: a load that failed is started again here (so a photo's answer retries it for real). */
	ready: () => Promise<ReadyInfo | null>;
	store: Store;
	onSession: (s: Session) => void;
}): GameIO {
	let backend = '';
	const photoUrl = (set: string, image: LabelledImage) => `${opts.base}/${paths.image(set, image.filename)}`;
	const ready = async () => {
		const info = await opts.ready();
		backend = info?.backend.chosen ?? backend;
		return info;
	};
	ready().catch(() => {});
	/** The photo's bytes once, checked (a 404, a captive portal's web page, cut short: named), shown from an object URL that release() frees. */
	function fetchPhoto(set: string, image: LabelledImage) {
		const name = image.filename;
		let url = '';
		let released = false;
		const blob = fetch(photoUrl(set, image)).then(
			async (res) => {
				const head = headOf(res);
				const bytes = new Uint8Array(await res.arrayBuffer());
				const problem = answerProblem(new URL(res.url || photoUrl(set, image), location.href).pathname, head, bytes);
				if (problem) throw new Error(`The photo ${name} could not be loaded (${problem}): check the connection and try again.`);
				return new Blob([bytes], { type: head.contentType ?? '' });
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
			const classify = () =>
				p.blob.then(async (b) => {
					await ready(); // a load that failed is started again here
					const bitmap = await decodePicture(b, image.filename);
					return opts.model.classify(bitmap, k, crops); // the bitmap moves to the worker
				});
			const result = classify();
			const job: PhotoJob = {
				url: p.url,
				answer: result.then((r) => r.predictions),
				modelMs: result.then((r) => r.ms),
				release: p.release,
				again() {
					const r = classify();
					job.answer = r.then((x) => x.predictions);
					job.modelMs = r.then((x) => x.ms);
					job.modelMs.catch(() => {});
				}
			};
			job.modelMs!.catch(() => {});
			return job;
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
