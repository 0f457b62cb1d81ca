// A static site: every page is prerendered; models run in the browser.
export const prerender = true;
export const trailingSlash = 'never';
