// Starts the viewer. A file rather than Trunk's inline script, so the page's
// Content-Security-Policy can forbid inline scripts. Paths are relative to this
// file, so the site works under any sub-path.
import init from './nexuscone-web.js';

await init({ module_or_path: new URL('./nexuscone-web_bg.wasm', import.meta.url) });
