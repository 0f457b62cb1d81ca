// Browser glue for the arena: reference figures, the class gallery, the saved-games store, downloads.
import { base } from '$app/paths';
import { parseReference, type IlsvrcReference } from '../arena/reference';
import { loadClasses } from './data';
import { paths } from '../core/datasets';
import { parseLabels } from '../core/labels';
import { openStore, type Store } from '../store/db';
import { toCsv, toJson } from '../store/exchange';
import type { Round, Session } from '../arena/round';

let storePromise: Promise<Store> | null = null;
export const getStore = () => (storePromise ??= openStore());

export async function loadReference(base: string): Promise<IlsvrcReference> {
	const res = await fetch(`${base}/${paths.meta('ilsvrc_reference.json')}`);
	if (!res.ok) throw new Error(`ilsvrc_reference.json: HTTP ${res.status}. Run "npm run assets".`);
	return parseReference(await res.json());
}

/** class index -> URL of its example picture. */
export async function loadGallery(base: string): Promise<Map<number, string>> {
	const id = 'imagenet_class_gallery';
	const res = await fetch(`${base}/${paths.set(id, 'labels.csv')}`);
	if (!res.ok) return new Map(); // the picker still works without pictures
	return new Map(parseLabels(await res.text()).map((l) => [l.classIndex, `${base}/${paths.set(id, l.filename)}`]));
}

export function download(name: string, text: string, type: string) {
	const url = URL.createObjectURL(new Blob([text], { type }));
	const a = document.createElement('a');
	a.href = url;
	a.download = name;
	document.body.append(a);
	a.click();
	a.remove();
	setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** class index -> the name the app shows, for CSV exports (null when the class list cannot be read: ids only). */
export async function classNamer(): Promise<((i: number) => string) | undefined> {
	const classes = await loadClasses(base).catch(() => null);
	return classes ? (i) => classes[i]?.simpleLabel ?? String(i) : undefined;
}

/** Download a session as JSON or CSV (class names beside the ids), named after its player and start time. */
export async function exportSession(session: Session, rounds: Round[], kind: 'json' | 'csv') {
	const stem = `convnet-arena-${session.player.replace(/[^a-z0-9]+/gi, '_')}-${session.createdAt.slice(0, 16).replace(/[:T]/g, '-')}`;
	if (kind === 'json') download(`${stem}.json`, toJson(session, rounds), 'application/json');
	else download(`${stem}.csv`, toCsv(session, rounds, await classNamer()), 'text/csv');
}

export const PLAYER_KEY = 'convnet-arena-player';
