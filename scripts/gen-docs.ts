// Writes docs/commands.md from the command registry (see src/lib/shared/meeting/reference.ts).
import { mkdirSync, writeFileSync } from 'node:fs';
import { commandReference } from '../src/lib/shared/meeting/reference.js';

mkdirSync('docs', { recursive: true });
writeFileSync('docs/commands.md', commandReference());
console.log('wrote docs/commands.md');
