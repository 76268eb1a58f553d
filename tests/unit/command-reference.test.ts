// The committed command reference must match the registry: run `npm run docs` after changing a command.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ALL_COMMANDS } from '../../src/lib/shared/meeting/commands.js';
import { commandReference } from '../../src/lib/shared/meeting/reference.js';

describe('docs/commands.md', () => {
	it('is generated from the current schemas (run `npm run docs` if this fails)', () => {
		expect(readFileSync('docs/commands.md', 'utf8')).toBe(commandReference());
	});

	it('documents every command with its fields and roles', () => {
		const doc = commandReference();
		for (const spec of ALL_COMMANDS) {
			expect(doc).toContain(`## \`${spec.type}\``);
			expect(doc).toContain(`- **Who:** ${spec.roles.join(', ')}`);
		}
		expect(doc).toContain('| `name` | string (≥ 1, ≤ 80 chars) | yes |');
	});
});
