/** Board bullets as in Word: Enter continues a ● / ・ list with the same indentation; Enter on an empty bullet ends it. */
import { describe, expect, it } from 'vitest';
import { bulletEnter } from '../../src/lib/shared/notes/bullets.js';

describe('Enter on a bullet line', () => {
	it('continues ● and ・ with the same indentation and spacing', () => {
		expect(bulletEnter('●夜間の相談体制', 8)).toEqual({ insert: '\n●' });
		expect(bulletEnter('  ・フードバンクの利用が増えている', 10)).toEqual({ insert: '\n  ・' });
		expect(bulletEnter('\u3000● 住まいの確保', 5)).toEqual({ insert: '\n\u3000● ' });
	});

	it('continues from the middle of the text too (the rest moves to the new bullet)', () => {
		expect(bulletEnter('●夜間と休日', 3)).toEqual({ insert: '\n●' });
	});

	it('does not copy the ★ share mark to the next line', () => {
		expect(bulletEnter('★●全体で共有したい', 9)).toEqual({ insert: '\n●' });
	});

	it('ends the list on an empty bullet', () => {
		expect(bulletEnter('●', 1)).toEqual({ endList: true });
		expect(bulletEnter('  ・　', 4)).toEqual({ endList: true });
	});

	it('is a plain line break elsewhere: other lines, other bullets, the cursor before the bullet', () => {
		expect(bulletEnter('夜間の相談体制', 3)).toBeNull();
		expect(bulletEnter('■ 住まい', 4)).toBeNull();
		expect(bulletEnter('- item', 6)).toBeNull();
		expect(bulletEnter('●夜間', 0)).toBeNull();
		expect(bulletEnter('', 0)).toBeNull();
	});
});
