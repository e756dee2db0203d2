// Worker thread entry: plain JavaScript so that it starts the same way under the CLI (bin/jindianzi.mjs
// registers tsx on the main thread only), the server and vitest; it registers tsx for this thread
// and loads the TypeScript worker.
import { register } from 'tsx/esm/api';

// A library's console output is not ours to print (it would also corrupt the CLI's --json output).
// (Piping the worker's stdout instead would keep the parent process alive while a spare idles.)
for (const k of ['log', 'info', 'warn', 'error', 'debug', 'trace']) console[k] = () => {};

register();
await import('./worker.ts');
