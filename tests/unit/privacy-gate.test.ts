/**
 * The privacy gate's rules in the core: 守秘 headings in the outline, what the plenary projection
 * holds back and for whom, the two versions of the minutes, and the retention and audit slice.
 */
import { describe, expect, it } from 'vitest';
import { visibleState } from '../../src/lib/shared/meeting/access.js';
import { buildMinutes } from '../../src/lib/shared/minutes/model.js';
import { renderMarkdown } from '../../src/lib/shared/minutes/markdown.js';
import { isConfidentialHeading, parseOutline, sharedOutline } from '../../src/lib/shared/notes/outline.js';
import { itemKey } from '../../src/lib/shared/plenary/keys.js';
import { applyHidden, projectAll, projectRoom } from '../../src/lib/shared/plenary/projection.js';
import { purgeDueAt } from '../../src/lib/shared/privacy/types.js';
import { memberActor, World } from '../helpers/world.js';

const BOARD = ['■【守秘】個別の相談', '★● 借金の額と家族の事情', '■住まい', '★● 要望：田中さん 090-1111-2222 の家賃', '★● 一時的な住まいがほしい', '● 共有しない行'].join('\n');
const none = { hidden: new Set<string>(), cleared: new Set<string>() };
const texts = (sections: { items: { text: string }[] }[]) => sections.flatMap((s) => s.items.map((i) => i.text));

describe('守秘 in the outline', () => {
	it('knows every way to mark a heading 守秘, and nothing else', () => {
		for (const h of ['【守秘】個別の相談', '守秘　個別の相談', '守秘：個別', '個別の相談 #守秘', '個別の相談＃守秘', '〔守秘〕個別']) expect(isConfidentialHeading(h), h).toBe(true);
		for (const h of ['守秘義務について', '個別の相談', '#守秘の扱い']) expect(isConfidentialHeading(h), h).toBe(false);
	});

	it('shares none of a 守秘 section’s lines, whatever their ★', () => {
		const outline = parseOutline(BOARD);
		expect(outline.sections[0]).toMatchObject({ heading: '【守秘】個別の相談', confidential: true, shared: false });
		expect(outline.sections[0].items.every((i) => !i.shared)).toBe(true);
		expect(texts(sharedOutline(outline).sections)).toEqual(['田中さん 090-1111-2222 の家賃', '一時的な住まいがほしい']);
	});
});

describe('the plenary projection', () => {
	const room = projectRoom('r1', parseOutline(BOARD));

	it('leaves 守秘 sections out and flags personal lines', () => {
		expect(texts(room.sections)).toEqual(['田中さん 090-1111-2222 の家賃', '一時的な住まいがほしい']);
		expect(room.sections[0].items.map((i) => !!i.personal)).toEqual([true, false]);
	});

	it('drops an unconfirmed personal line for the display, flags it held for organisers, and shows it once confirmed', () => {
		expect(texts(applyHidden(room, none, true).sections)).toEqual(['一時的な住まいがほしい']);
		expect(applyHidden(room, none, false).sections[0].items[0]).toMatchObject({ held: true });
		const cleared = { hidden: new Set<string>(), cleared: new Set([itemKey('r1', '田中さん 090-1111-2222 の家賃')]) };
		expect(texts(applyHidden(room, cleared, true).sections)).toContain('田中さん 090-1111-2222 の家賃');
		expect(applyHidden(room, cleared, false).sections[0].items[0].held).toBeUndefined();
	});

	it('keeps the summary board’s 守秘 sections off the screen', () => {
		expect(texts(projectAll(parseOutline(BOARD)))).not.toContain('借金の額と家族の事情');
	});
});

describe('the two versions of the minutes', () => {
	const w = new World();
	const r1 = w.room('ルーム1');
	const r2 = w.room('ルーム2');
	w.must(w.organiser, { type: 'room.update', roomId: r2, confidential: true });
	const asker = memberActor(w.participantLink, String(w.must(w.participantLink, { type: 'member.join', name: '佐藤 花子' }).memberId));
	w.must(asker, { type: 'question.ask', text: '山田様の件で 080-2222-3333 に連絡してよいか' });
	const outlines = { [r1]: parseOutline(BOARD), [r2]: parseOutline('■ルーム2の話\n● 秘密の話題') };
	const md = (opts: Parameters<typeof buildMinutes>[3]) => renderMarkdown(buildMinutes(w.state, outlines, null, opts));

	it('internal: 守秘 rooms and sections stand as 【守秘】, printed only when asked', () => {
		const internal = md({ now: w.now });
		expect(internal.split('\n')[0]).toContain('（内部資料）');
		expect(internal).toContain('【守秘】');
		expect(internal).not.toContain('借金の額');
		expect(internal).not.toContain('秘密の話題');
		expect(internal).toContain('090-1111-2222'); // internal keeps what is not 守秘 as written
		const full = md({ now: w.now, includeConfidential: true });
		expect(full).toContain('借金の額');
		expect(full).toContain('秘密の話題');
	});

	it('public: 守秘 left out, personal information masked in notes and questions', () => {
		const pub = md({ now: w.now, version: 'public' });
		expect(pub.split('\n')[0]).toContain('（公開版）');
		for (const gone of ['【守秘】', '借金の額', '秘密の話題', '090-1111-2222', '080-2222-3333', '田中さん', '山田様']) expect(pub, gone).not.toContain(gone);
		expect(pub).toContain('〇〇さん');
		expect(pub).toContain('〇〇様');
		expect(pub).toContain('一時的な住まいがほしい');
	});
});

describe('retention and the audit trail', () => {
	it('purges once, the chosen number of days after the end', () => {
		const end = Date.parse('2021-06-18T15:45:00+09:00');
		expect(purgeDueAt({ retentionDays: null, purgedAt: null, audit: [] }, end)).toBeNull();
		expect(purgeDueAt({ retentionDays: 30, purgedAt: null, audit: [] }, end)).toBe(end + 30 * 86_400_000);
		expect(purgeDueAt({ retentionDays: 30, purgedAt: end, audit: [] }, end)).toBeNull();
	});

	it('audits exports only when the server issues them, and only organisers see the trail', () => {
		const w = new World();
		const entry = { type: 'privacy.recordExport', what: 'minutes.docx', version: 'public', includedConfidential: false };
		expect(w.decide(w.organiser, entry)).toMatchObject({ ok: false, code: 'not_allowed' });
		expect(w.run(w.organiser, entry, true).ok).toBe(true);
		expect(w.state.privacy.audit).toEqual([{ at: w.now, action: 'export', what: 'minutes.docx', version: 'public', includedConfidential: false, by: 'organiser' }]);
		expect(visibleState(w.state, { role: 'participant', memberId: null }).privacy.audit).toEqual([]);
	});
});
