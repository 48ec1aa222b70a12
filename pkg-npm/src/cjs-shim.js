// Injected into dist/node.cjs by esbuild (scripts/build.sh): CommonJS has no
// `import.meta`, so `import.meta.url` is replaced by the file URL of the bundle.
import { pathToFileURL } from 'node:url';

export const importMetaUrl = pathToFileURL(__filename).href;
