/**
 * Words people read (issue 13): Japanese that says what it means, and English with English
 * punctuation. Guards the fixes: the full word ファシリテーター on the display, "online" that does not
 * read as "connecting", a dismiss button that is an action, the ministry's asking department, and
 * minutes whose English uses " (…)" and "–" instead of 「（…）」 and 「〜」.
 */
import { describe, expect, it } from 'vitest';
import { messages } from '../../src/lib/i18n/messages/index.js';
import { buildMinutes } from '../../src/lib/shared/minutes/model.js';
import { renderMarkdown } from '../../src/lib/shared/minutes/markdown.js';
import { agendaMeeting, MIN, mustAt, T0, withItems } from '../helpers/world.js';

const { ja, en } = messages;

describe('Japanese words', () => {
	it('spells out ファシリテーター, says オンライン for online, and dismisses the organiser link with an action', () => {
		expect(ja['plenary.facilitator']).toBe('ファシリテーター');
		for (const key of ['conn.online', 'notes.status.online'] as const) expect(ja[key]).not.toContain('接続中');
		expect(ja['console.ownLink.dismiss']).toMatch(/閉じる$/);
	});

	it('labels the ministry’s own department as where the question comes from (質問元), as its card shows it', () => {
		expect(ja['questions.ask.departmentFrom']).toContain('質問元');
		expect(ja['questions.byDepartment']).toContain('質問元');
		expect(ja['questions.ask.department']).toContain('質問先');
	});

	it('marks oneself in presence once: 「名前（あなた）」, never 「あなた（あなた）」', () => {
		expect(ja['notes.presence.youMark']).toBe(`（${ja['notes.presence.you']}）`);
		expect(en['notes.presence.youMark']).toBe(' (you)');
	});
});

describe('English punctuation', () => {
	it('the minutes in English use " (…)" and "–", never Japanese brackets or 〜', () => {
		const { state, ids } = withItems(agendaMeeting(), [
			['Opening', 30],
			['Group work', 40, 'breakout']
		]);
		let s = mustAt(state, { type: 'agenda.start', itemId: ids[0] }, T0);
		s = mustAt(s, { type: 'agenda.next' }, T0 + 31 * MIN);
		s = mustAt(s, { type: 'agenda.finish' }, T0 + 70 * MIN);
		const m = buildMinutes(s, {}, null, { now: T0 + 80 * MIN, lang: 'en' });
		expect(m.overview.actualNote).toBe(' (Actual 14:00–15:10)');
		expect(m.programme.map((r) => [r.planned, r.actual])).toEqual([
			['14:00–14:30', '14:00–14:31'],
			['14:30–15:10', '14:31–15:10']
		]);
		const md = renderMarkdown(m);
		const dateLine = md.split('\n').find((l) => l.startsWith('- Date and time'))!;
		expect(dateLine).not.toMatch(/[（）〜]/);
		expect(md.split('\n').find((l) => l.startsWith('- Attendance'))).toMatch(/ \(see annex\)$/);
	});
});
