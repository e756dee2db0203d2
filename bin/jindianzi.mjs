#!/usr/bin/env node
// The `jindianzi` command. TypeScript sources run through tsx, so there is no build step for the server.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
await main(process.argv);
