// The Content-Security-Policy as HTTP headers for the built app (src/lib/core/csp.js holds the policy). A page's
// header is its own <meta> policy, read from the prerendered file (so it carries that page's script hashes),
// plus frame-ancestors 'none'; every other response (scripts, the inference worker, pictures, data) gets the
// worker's policy, which forbids eval and framing too. Read once at start-up: build/ does not change under a server.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { pageHeaderPolicy, WORKER_POLICY } from '../lib/core/csp.js';

const META = /<meta http-equiv="content-security-policy" content="([^"]*)"/i;

const unescapeAttr = (s: string) =>
	s.replace(/&quot;/g, '"').replace(/&#39;|&apos;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

function htmlFiles(dir: string): string[] {
	return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
		const path = join(dir, e.name);
		return e.isDirectory() ? htmlFiles(path) : e.name.endsWith('.html') ? [path] : [];
	});
}

/** URL path of a page file -> the policy header it is served with. */
export function pagePolicies(staticDir: string): Map<string, string> {
	const map = new Map<string, string>();
	for (const file of htmlFiles(staticDir)) {
		const meta = META.exec(readFileSync(file, 'utf8'));
		if (meta) map.set('/' + relative(staticDir, file).split(sep).join('/'), pageHeaderPolicy(unescapeAttr(meta[1])));
	}
	return map;
}

/** The policy for a request path: its page's (as sirv resolves /x, /x/ and /x.html), else the worker's. */
export function policyFor(pages: Map<string, string>, pathname: string): string {
	const p = pathname.replace(/\/+$/, '');
	return pages.get(p) ?? pages.get(`${p}.html`) ?? pages.get(`${p}/index.html`) ?? WORKER_POLICY;
}
