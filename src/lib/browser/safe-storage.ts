// localStorage when the browser lets the page use it; otherwise (storage disabled: "The operation is insecure",
// or full) a Storage kept in memory, so that a game still starts and its round in progress is still kept while
// the tab lives. Reading `localStorage` itself throws where storage is disabled.

class MemoryStorage implements Storage {
	#items = new Map<string, string>();
	get length() {
		return this.#items.size;
	}
	key(i: number) {
		return [...this.#items.keys()][i] ?? null;
	}
	getItem(k: string) {
		return this.#items.get(k) ?? null;
	}
	setItem(k: string, v: string) {
		this.#items.set(k, String(v));
	}
	removeItem(k: string) {
		this.#items.delete(k);
	}
	clear() {
		this.#items.clear();
	}
}

let chosen: { storage: Storage; problem: string | null } | null = null;

/** The page's storage for small items, and why it is only in memory (null when localStorage works). */
export function smallStorage(): { storage: Storage; problem: string | null } {
	if (chosen) return chosen;
	try {
		const s = globalThis.localStorage;
		const probe = 'convnet-arena-probe';
		s.setItem(probe, '1');
		s.removeItem(probe);
		return (chosen = { storage: s, problem: null });
	} catch (e) {
		return (chosen = { storage: new MemoryStorage(), problem: (e as Error).message || String(e) });
	}
}

/** Read or write one item, never throwing (a name not remembered is not worth a stuck page). */
export const readItem = (key: string): string | null => {
	try {
		return smallStorage().storage.getItem(key);
	} catch {
		return null;
	}
};
export const writeItem = (key: string, value: string): void => {
	try {
		smallStorage().storage.setItem(key, value);
	} catch {
		/* full: the item is not remembered */
	}
};
export const removeItem = (key: string): void => {
	try {
		smallStorage().storage.removeItem(key);
	} catch {
		/* nothing to remove where nothing could be kept */
	}
};
