// The network, worker and policy rules (issue #24): which answers the offline cache may keep, latest-wins for
// async pictures, and the one Content-Security-Policy as a <meta> tag and as headers.
import { describe, expect, test } from 'vitest';
import { answerProblem, bodyProblem, headProblem, imageFormat, kindOf, WEB_PAGE } from '../../src/lib/core/response-check';
import { Latest } from '../../src/lib/core/latest';
import { CSP_DIRECTIVES, pageHeaderPolicy, serialise, WORKER_POLICY } from '../../src/lib/core/csp.js';
import { pagePolicies, policyFor } from '../../src/server/csp-headers';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const bytes = (...b: number[]) => new Uint8Array(b);
const text = (s: string) => new TextEncoder().encode(s);
const JPEG = bytes(0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46);
const PNG = bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0);
const PORTAL = '<!DOCTYPE html><html><head><title>Sign in to Hotel WiFi</title></head><body>Accept the terms</body></html>';
const ok = (contentType: string, extra: object = {}) => ({ status: 200, type: 'basic', contentType, ...extra });

describe('what the offline cache may keep', () => {
	test('kinds by extension', () => {
		expect(kindOf('/data/set/images/ILSVRC2012_val_00000347.JPEG')).toBe('image');
		expect(kindOf('/data/meta/classes.csv')).toBe('csv');
		expect(kindOf('/models/m/model.json?x=1')).toBe('json');
		expect(kindOf('/tfjs-wasm/tfjs-backend-wasm-simd.wasm')).toBe('wasm');
		expect(kindOf('/models/m/group1-shard1of4.bin')).toBe('binary');
	});

	test('a photo: a complete 200 whose bytes are a picture format', () => {
		expect(imageFormat(JPEG)).toBe('jpeg');
		expect(imageFormat(PNG)).toBe('png');
		expect(imageFormat(text('RIFF\0\0\0\0WEBPVP8 '))).toBe('webp');
		expect(imageFormat(text('GIF89a'))).toBe('gif');
		expect(answerProblem('/data/s/images/a.JPEG', ok('image/jpeg', { contentLength: String(JPEG.length) }), JPEG)).toBeNull();
		// The captive portal: a 200 web page for a photo, named as such by its type and by its bytes.
		expect(answerProblem('/data/s/images/a.JPEG', ok('text/html; charset=utf-8'), text(PORTAL))).toBe(WEB_PAGE);
		expect(answerProblem('/data/s/images/a.JPEG', ok('image/jpeg'), text(PORTAL))).toBe(WEB_PAGE);
		expect(answerProblem('/data/s/images/a.JPEG', ok('image/jpeg'), text('not a picture'))).toBe('not a JPEG, PNG, GIF or WebP picture');
		expect(answerProblem('/data/s/images/a.JPEG', ok('application/json'), JPEG)).toBe('not a picture (application/json)');
		expect(answerProblem('/data/s/images/a.JPEG', ok('image/jpeg', { contentLength: '100' }), JPEG)).toBe('cut short (8 of 100 bytes)');
		expect(answerProblem('/data/s/images/a.JPEG', ok('image/jpeg', { contentLength: '100', contentEncoding: 'gzip' }), JPEG)).toBeNull();
		expect(answerProblem('/data/s/images/a.JPEG', ok('image/jpeg'), bytes())).toBe('empty (0 bytes)');
	});

	test('never a partial, failed, redirected-away or opaque answer', () => {
		expect(headProblem('image', { status: 206, type: 'basic', contentRange: 'bytes 0-9/100' })).toBe('HTTP 206');
		expect(headProblem('image', { status: 200, type: 'basic', contentRange: 'bytes 0-9/100' })).toBe('only part of the file (a range)');
		expect(headProblem('csv', { status: 404, type: 'basic' })).toBe('HTTP 404');
		expect(headProblem('csv', { status: 0, type: 'opaque' })).toBe('a opaque answer');
		expect(headProblem('csv', { status: 200, type: 'opaqueredirect' })).toBe('a opaqueredirect answer');
	});

	test('a data file: CSV with a header row, JSON that parses, never an HTML page, UTF-8', () => {
		const csv = 'class_index,wnid\n0,n01440764\n';
		expect(answerProblem('/data/meta/classes.csv', ok('text/csv'), text(csv))).toBeNull();
		expect(answerProblem('/data/meta/classes.csv', ok('text/html'), text(csv))).toBe(WEB_PAGE);
		expect(answerProblem('/data/meta/classes.csv', ok('text/csv'), text(PORTAL))).toBe(WEB_PAGE);
		expect(answerProblem('/data/meta/classes.csv', ok('text/csv'), text('just words'))).toBe('not a CSV file (no header row)');
		expect(answerProblem('/data/meta/classes.csv', ok('text/csv'), bytes(0xff, 0xfe, 0x2c, 0x0a))).toBe('not UTF-8 text');
		expect(answerProblem('/data/meta/ilsvrc_reference.json', ok('application/json'), text('{"a": 1}'))).toBeNull();
		expect(answerProblem('/data/meta/ilsvrc_reference.json', ok('application/json'), text('{"a": 1'))).toBe('not valid JSON');
		expect(answerProblem('/tfjs-wasm/x.wasm', ok('application/wasm'), bytes(0, 0x61, 0x73, 0x6d, 1, 0, 0, 0))).toBeNull();
		expect(answerProblem('/tfjs-wasm/x.wasm', ok('application/wasm'), text(PORTAL))).toBe(WEB_PAGE);
		expect(bodyProblem('wasm', ok('application/wasm'), text('nope'))).toBe('not a WebAssembly file');
		// A binary file (weights) is judged by the catalogue's size and hash elsewhere; a web page never passes.
		expect(answerProblem('/models/m/group1-shard1of4.bin', ok('application/octet-stream'), bytes(1, 2, 3))).toBeNull();
		expect(answerProblem('/models/m/group1-shard1of4.bin', ok('text/html'), text(PORTAL))).toBe(WEB_PAGE);
	});
});

describe('latest wins', () => {
	test('only the last ticket taken is current; cancel ends them all', () => {
		const latest = new Latest();
		const older = latest.take();
		expect(older.current).toBe(true);
		const newer = latest.take();
		expect(older.current).toBe(false);
		expect(newer.current).toBe(true);
		latest.cancel();
		expect(newer.current).toBe(false);
	});

	test('an older job that finishes last paints nothing', async () => {
		const latest = new Latest();
		const painted: string[] = [];
		const job = async (name: string, ms: number) => {
			const t = latest.take();
			await new Promise((r) => setTimeout(r, ms));
			if (t.current) painted.push(name);
		};
		await Promise.all([job('older, slow', 30), job('newer, fast', 1)]);
		expect(painted).toEqual(['newer, fast']);
	});
});

describe('one Content-Security-Policy for <meta> and headers', () => {
	test('keywords are quoted, schemes are not', () => {
		expect(serialise({ 'script-src': ['self', 'wasm-unsafe-eval', 'sha256-abc='], 'img-src': ['self', 'data:', 'blob:'] })).toBe(
			"script-src 'self' 'wasm-unsafe-eval' 'sha256-abc='; img-src 'self' data: blob:"
		);
	});

	test("a page's header is its meta policy plus frame-ancestors 'none'", () => {
		const meta = serialise(CSP_DIRECTIVES);
		expect(pageHeaderPolicy(meta)).toBe(`${meta}; frame-ancestors 'none'`);
		expect(pageHeaderPolicy(`${meta}; `)).toBe(`${meta}; frame-ancestors 'none'`);
	});

	test('the worker may start blob: threads but never eval, and cannot be framed', () => {
		expect(WORKER_POLICY).toMatch(/script-src 'self' 'wasm-unsafe-eval' blob:;/);
		expect(WORKER_POLICY).toMatch(/worker-src 'self' blob:;/);
		expect(WORKER_POLICY).toMatch(/frame-ancestors 'none'$/);
		expect(WORKER_POLICY).not.toMatch(/'unsafe-eval'/);
		expect(WORKER_POLICY).toMatch(/default-src 'self'/);
	});
});

describe("npm start's headers from the built pages", () => {
	test("each page is sent its own <meta> policy plus frame-ancestors; anything else the worker's", () => {
		const dir = mkdtempSync(join(tmpdir(), 'csp-'));
		mkdirSync(join(dir, 'lab'));
		const meta = (hash: string) => `<meta http-equiv="content-security-policy" content="default-src 'self'; script-src 'self' 'sha256-${hash}'">`;
		writeFileSync(join(dir, 'index.html'), `<html><head>${meta('AAA')}</head></html>`);
		writeFileSync(join(dir, 'classify.html'), `<html><head>${meta('BBB')}</head></html>`);
		writeFileSync(join(dir, 'lab', 'sweep.html'), `<html><head>${meta('CCC')}</head></html>`);
		writeFileSync(join(dir, 'lab.html'), '<html>no policy</html>');
		const pages = pagePolicies(dir);
		expect(policyFor(pages, '/')).toBe("default-src 'self'; script-src 'self' 'sha256-AAA'; frame-ancestors 'none'");
		expect(policyFor(pages, '/classify')).toMatch(/'sha256-BBB'; frame-ancestors 'none'$/);
		expect(policyFor(pages, '/classify/')).toMatch(/'sha256-BBB'/);
		expect(policyFor(pages, '/classify.html')).toMatch(/'sha256-BBB'/);
		expect(policyFor(pages, '/lab/sweep')).toMatch(/'sha256-CCC'/);
		expect(policyFor(pages, '/lab')).toBe(WORKER_POLICY); // a page without a <meta> policy: the strict one
		expect(policyFor(pages, '/_app/immutable/workers/inference.worker-x.js')).toBe(WORKER_POLICY);
	});
});
