#!/usr/bin/env node
// Runs the TypeScript sources directly through tsx, so `npx askdb` works in a checkout after `npm ci`.
import { register } from 'tsx/esm/api';

register();
await import('../src/main.ts');
