// Is this answer from the network the file that was asked for? Rules for photos and data files, shared by the
// service worker (what it may keep), the offline cache the pages fill, and the pages' own fetches (what they
// say when it is not). A captive portal or a login page answers every request with a 200 HTML page: that page
// must never be kept as a photo or a CSV, and must be named as what it is. Pure: no DOM, no caches.

/** What a path under the app's data folders must hold. */
export type FileKind = 'image' | 'csv' | 'json' | 'wasm' | 'script' | 'text' | 'binary';

export function kindOf(pathname: string): FileKind {
	const ext = /\.([a-z0-9]+)$/i.exec(pathname.split(/[?#]/)[0])?.[1]?.toLowerCase() ?? '';
	if (['jpg', 'jpeg', 'png', 'gif', 'webp'].includes(ext)) return 'image';
	if (ext === 'csv') return 'csv';
	if (ext === 'json') return 'json';
	if (ext === 'wasm') return 'wasm';
	if (ext === 'js' || ext === 'mjs') return 'script';
	if (['md', 'txt'].includes(ext)) return 'text';
	return 'binary';
}

/** What the headers of an answer say (a plain object, so the rules stay testable without a Response). */
export interface AnswerHead {
	status: number;
	/** The Response's type: 'basic' for the app's own origin; 'opaque' and others are never kept. */
	type?: string;
	contentType?: string | null;
	contentLength?: string | null;
	contentEncoding?: string | null;
	contentRange?: string | null;
}

/** A fetch Response's head as these rules read it. */
export const headOf = (res: { status: number; type: string; headers: Headers }): AnswerHead => ({
	status: res.status,
	type: res.type,
	contentType: res.headers.get('content-type'),
	contentLength: res.headers.get('content-length'),
	contentEncoding: res.headers.get('content-encoding'),
	contentRange: res.headers.get('content-range')
});

const mime = (h: AnswerHead) => (h.contentType ?? '').split(';')[0].trim().toLowerCase();
const isHtml = (h: AnswerHead) => mime(h) === 'text/html' || mime(h) === 'application/xhtml+xml';

/** Said of an answer that is a web page where a file was expected (a captive portal, a login or error page). */
export const WEB_PAGE = 'the network answered with a web page instead of the file (a captive portal or a login page?)';

/** Why the headers alone rule the answer out for a file of `kind`, or null. */
export function headProblem(kind: FileKind, h: AnswerHead): string | null {
	if (h.type !== undefined && h.type !== 'basic' && h.type !== 'default') return `a ${h.type} answer`;
	if (h.status !== 200) return `HTTP ${h.status}`;
	if (h.contentRange) return 'only part of the file (a range)';
	if (isHtml(h)) return WEB_PAGE; // no file under the data folders is a web page
	const m = mime(h);
	if (kind === 'image' && m && !m.startsWith('image/') && m !== 'application/octet-stream') return `not a picture (${m})`;
	return null;
}

const MAGIC: { name: string; bytes: (number | null)[] }[] = [
	{ name: 'jpeg', bytes: [0xff, 0xd8, 0xff] },
	{ name: 'png', bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
	{ name: 'gif', bytes: [0x47, 0x49, 0x46, 0x38] },
	// RIFF....WEBP
	{ name: 'webp', bytes: [0x52, 0x49, 0x46, 0x46, null, null, null, null, 0x57, 0x45, 0x42, 0x50] }
];

/** The picture format the bytes start with, or null. */
export function imageFormat(bytes: Uint8Array): string | null {
	return MAGIC.find((m) => m.bytes.length <= bytes.length && m.bytes.every((b, i) => b === null || bytes[i] === b))?.name ?? null;
}

/** Whether text (its start) reads as an HTML page rather than data. */
export const looksLikeHtml = (text: string) => /^\s*(<!doctype html|<html|<head|<body|<meta|<title|<script)/i.test(text.slice(0, 512));

/** The bytes as UTF-8 text, or null when they are not valid UTF-8. */
function utf8(bytes: Uint8Array): string | null {
	try {
		return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
	} catch {
		return null;
	}
}

/**
 * Why the body is not a complete file of `kind`, or null: cut short (against the declared length), a picture
 * whose bytes are no picture format, a CSV or JSON file that is an HTML page, not UTF-8 or does not parse.
 */
export function bodyProblem(kind: FileKind, h: AnswerHead, bytes: Uint8Array): string | null {
	const declared = Number(h.contentLength ?? NaN);
	// With a content-encoding, content-length counts the compressed bytes.
	if (!h.contentEncoding && Number.isFinite(declared) && declared !== bytes.byteLength) return `cut short (${bytes.byteLength} of ${declared} bytes)`;
	if (bytes.byteLength === 0) return 'empty (0 bytes)';
	// A web page whatever its declared type (a portal that calls everything image/jpeg or octet-stream).
	if (looksLikeHtml(new TextDecoder().decode(bytes.subarray(0, 512)))) return WEB_PAGE;
	switch (kind) {
		case 'image':
			return imageFormat(bytes) ? null : 'not a JPEG, PNG, GIF or WebP picture';
		case 'wasm':
			return bytes[0] === 0 && bytes[1] === 0x61 && bytes[2] === 0x73 && bytes[3] === 0x6d ? null : 'not a WebAssembly file';
		case 'csv':
		case 'json':
		case 'text':
		case 'script': {
			const text = utf8(bytes);
			if (text === null) return 'not UTF-8 text';
			if (kind === 'json') {
				try {
					JSON.parse(text);
				} catch {
					return 'not valid JSON';
				}
			}
			if (kind === 'csv' && !/^[^\r\n]*,[^\r\n]*\r?\n/.test(text)) return 'not a CSV file (no header row)';
			return null;
		}
		default:
			return null;
	}
}

/** Head and body together: why this answer is not the file at `pathname`, or null when it may be kept and used. */
export function answerProblem(pathname: string, h: AnswerHead, bytes: Uint8Array): string | null {
	const kind = kindOf(pathname);
	return headProblem(kind, h) ?? bodyProblem(kind, h, bytes);
}
