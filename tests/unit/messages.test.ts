/**
 * The UI's words come from one file per feature, merged into one table: a key defined by two files
 * would silently take the later file's words everywhere (the join form once read 「参加コードで参加」).
 */
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { messages, ON_DEMAND_FILES } from '../../src/lib/i18n/messages/index.js';

const DIR = 'src/lib/i18n/messages';

describe('the message files', () => {
	it('define every key once, in Japanese and English alike', async () => {
		const owners = new Map<string, string[]>();
		let onDemand = 0;
		for (const file of readdirSync(DIR).filter((f) => f.endsWith('.ts') && f !== 'index.ts')) {
			const mod = (await import(`../../${DIR}/${file}`)) as { ja: Record<string, string>; en: Record<string, string> };
			expect(Object.keys(mod.en).sort(), file).toEqual(Object.keys(mod.ja).sort());
			for (const key of Object.keys(mod.ja)) owners.set(key, [...(owners.get(key) ?? []), file]);
			if (ON_DEMAND_FILES.includes(file)) onDemand += Object.keys(mod.ja).length;
		}
		expect([...owners].filter(([, files]) => files.length > 1).map(([key, files]) => `${key}: ${files.join(', ')}`)).toEqual([]);
		// The index merges every file but those loaded on demand (whose keys must not clash either).
		expect(Object.keys(messages.ja).length).toBe(owners.size - onDemand);
	});
});
