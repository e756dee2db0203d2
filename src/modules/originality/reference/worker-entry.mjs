// Worker thread entry (plain JavaScript, as ../../ideas/word/worker-entry.mjs): registers tsx for
// this thread, silences library console output, loads the TypeScript worker.
import { register } from 'tsx/esm/api';

for (const k of ['log', 'info', 'warn', 'error', 'debug', 'trace']) console[k] = () => {};

register();
await import('./worker.ts');
