// Names of the offline caches, one set per build: a new deploy starts clean and the old caches are dropped.
// (Pure, so the service worker and the pages share it; each passes its own copy of SvelteKit's `version`.)
export const APP_CACHE_PREFIX = 'arena-app-';
export const DATA_CACHE_PREFIX = 'arena-data-';
export const appCacheName = (version: string) => `${APP_CACHE_PREFIX}${version}`;
export const dataCacheName = (version: string) => `${DATA_CACHE_PREFIX}${version}`;
