// Model files you can trust: the catalogue records each file's size and SHA-256 (npm run catalogue:hashes);
// every loader checks the bytes it got against them and names the file that is missing or damaged.
import { catalogue, type ModelEntry } from './catalogue';

export interface FileIntegrity {
	bytes: number;
	sha256: string;
}
/** file name (as in the model's folder) -> its size and SHA-256, hex. */
export type Integrity = Record<string, FileIntegrity>;

export function integrityOf(entry: ModelEntry): Integrity {
	return (entry as ModelEntry & { integrity?: Integrity }).integrity ?? {};
}

export async function sha256Hex(data: ArrayBuffer | Uint8Array): Promise<string> {
	const digest = await crypto.subtle.digest('SHA-256', data as BufferSource);
	return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Why `data` is not the file the catalogue describes, or null when it is (or the catalogue has no record of it). */
export async function checkFile(file: string, data: ArrayBuffer | Uint8Array, expected: FileIntegrity | undefined): Promise<string | null> {
	if (!expected) return null;
	if (data.byteLength !== expected.bytes)
		return `model file ${file} is damaged: ${data.byteLength} bytes instead of ${expected.bytes}${data.byteLength < expected.bytes ? ' (cut short)' : ''}`;
	const got = await sha256Hex(data);
	return got === expected.sha256 ? null : `model file ${file} is damaged: its SHA-256 is ${got.slice(0, 12)}…, not ${expected.sha256.slice(0, 12)}…`;
}

/** A model file that is missing, unreachable or damaged; the message names it. */
export class ModelFileError extends Error {
	readonly name = 'ModelFileError';
}

/** The catalogue's record for a URL or path of the form …/models/<id>/<file>, or null. */
export function expectedFor(url: string): { modelId: string; file: string; expected: FileIntegrity } | null {
	const m = /\/models\/([^/]+)\/([^/?#]+)(?:[?#].*)?$/.exec(url);
	if (!m) return null;
	const [modelId, file] = [decodeURIComponent(m[1]), decodeURIComponent(m[2])];
	const entry = catalogue.models.find((e) => e.id === modelId);
	const expected = entry && integrityOf(entry)[file];
	return expected ? { modelId, file, expected } : null;
}

/**
 * A fetch for the model loaders that checks every model file it returns: a missing file, a failed
 * request or bytes that differ from the catalogue's size and SHA-256 throw an Error naming the file.
 * Other URLs pass through unchanged.
 */
export function verifyingFetch(fetchFunc: typeof fetch): typeof fetch {
	return (async (input: RequestInfo | URL, init?: RequestInit) => {
		const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
		const known = expectedFor(url);
		if (!known) return fetchFunc(input, init);
		let res: Response;
		try {
			res = await fetchFunc(input, init);
		} catch (e) {
			throw new ModelFileError(`model file ${known.file} could not be fetched (${(e as Error).message})`);
		}
		if (!res.ok) throw new ModelFileError(`model file ${known.file} is missing (HTTP ${res.status})`);
		const data = await res.arrayBuffer();
		const why = await checkFile(known.file, data, known.expected);
		if (why) throw new ModelFileError(why);
		return new Response(data, { status: res.status, statusText: res.statusText, headers: res.headers });
	}) as typeof fetch;
}
