/**
 * Theme grouping on notes modelled on the reference meeting: housing loss, online consultation and
 * food banks come together across rooms; stop words never make a theme; the result is deterministic.
 */
import { describe, expect, it } from 'vitest';
import { groupThemes, normaliseForThemes, termsOf, TermCache, type ThemeInput } from '../../src/lib/shared/plenary/themes.js';
import { projectRoom, themeInputs } from '../../src/lib/shared/plenary/projection.js';
import { outline } from '../fixtures/reference-meeting.js';

const NOTES: [room: string, text: string, heading: string | null][] = [
	['r1', '住居喪失した方を正式に受け入れてもらえる仕組みがほしい', '住まいの確保'],
	['r1', '一時生活支援事業を広域で行うなら道が主導すべきか', '住まいの確保'],
	['r1', '通信手段のない相談者にオンライン環境をどう用意するか', 'オンライン相談'],
	['r1', '出張相談会をリモートで開ける可能性', 'オンライン相談'],
	['r1', '支援情報を一か所にまとめるサイトを国で用意してほしい', null],
	['r2', '住居喪失時に場を借りられるのは助かるが、役割分担は事前に決めたい', null],
	['r2', '利用が伸びている。市の災害用備蓄食料の提供も受けた', 'フードバンクについて'],
	['r2', '初回は対面が必要。オンラインは関係ができてからの道具', 'オンライン環境について'],
	['r2', 'LINE BOTの活用には協力したい', null],
	['r2', '田舎では車の保有を緩和してほしい', null],
	['r3', 'オンラインでは個人情報の扱いが心配', 'デジタル化'],
	['r3', 'フードバンクがある自治体ではそちらを紹介している', '食べ物・住む場所'],
	['r3', 'アパートを借り上げて一時生活支援のハードルは下がった', '食べ物・住む場所'],
	['r3', 'ＬＩＮＥＢＯＴは入口の一つとして有効', null]
];
const input: ThemeInput[] = NOTES.map(([roomId, text, heading], i) => ({ key: `k${i}`, roomId, text, heading }));
const byHeading = (r: ReturnType<typeof groupThemes>) => Object.fromEntries(r.groups.map((g) => [g.heading, g]));

describe('groupThemes', () => {
	const result = groupThemes(input);
	const groups = byHeading(result);

	it('groups housing loss, online consultation and food banks across rooms, with the rooms that raised them', () => {
		expect(groups['住居喪失'].roomIds).toEqual(['r1', 'r2']);
		expect(groups['住居喪失'].items.map((i) => i.key)).toEqual(['k0', 'k5']);
		expect(groups['オンライン'].roomIds).toEqual(['r1', 'r2', 'r3']);
		expect(groups['オンライン'].items.map((i) => i.key)).toEqual(['k2', 'k3', 'k7', 'k10']);
		expect(groups['フードバンク'].roomIds).toEqual(['r2', 'r3']);
		expect(groups['フードバンク'].items.map((i) => i.key)).toEqual(['k6', 'k11']);
	});

	it('matches Latin words across full width, case and spacing, keeping the heading as written', () => {
		expect(groups['LINE BOT'].roomIds).toEqual(['r2', 'r3']);
		expect(normaliseForThemes('ＬＩＮＥ ＢＯＴ')).toBe('linebot');
	});

	it('puts each item in one group at most and leaves the rest as others', () => {
		const keys = result.groups.flatMap((g) => g.items.map((i) => i.key));
		expect(new Set(keys).size).toBe(keys.length);
		expect(result.others.map((o) => o.key).sort()).toEqual(input.map((i) => i.key).filter((k) => !keys.includes(k)).sort());
		expect(result.others.map((o) => o.key)).toContain('k9'); // 車の保有: raised in one room only
	});

	it('never makes a theme of a stop word or of words from one room only', () => {
		const generic = groupThemes([
			{ key: 'a', roomId: 'r1', text: '厚労省への質問：対応が必要' },
			{ key: 'b', roomId: 'r2', text: '厚労省への要望：対応の検討が必要' },
			{ key: 'c', roomId: 'r1', text: '車の保有を緩和' },
			{ key: 'd', roomId: 'r1', text: '車の保有条件' }
		]);
		expect(generic.groups).toEqual([]);
		expect(termsOf('対応が必要')).toEqual([]);
	});

	it('widens a heading to the words the items share, and drops vague two-kanji themes from two rooms', () => {
		const widened = groupThemes([
			{ key: 'a', roomId: 'r1', text: '協定を結んだ自治体の例を参考に', heading: '住居を失った方への対応' },
			{ key: 'b', roomId: 'r2', text: '場の提供は助かる', heading: '住居を失ったときの対応' }
		]);
		expect(widened.groups.map((g) => g.heading)).toEqual(['住居を失った']);
		const vague = groupThemes([
			{ key: 'a', roomId: 'r1', text: '制度の窓口を一元化する仕組みを用意してほしい' },
			{ key: 'b', roomId: 'r2', text: '借り上げで住まいは用意しやすくなった' }
		]);
		expect(vague.groups).toEqual([]);
	});

	it('is deterministic: same input, same groups; input order decides ties only by position', () => {
		expect(groupThemes(input)).toEqual(result);
		expect(groupThemes([...input], new TermCache())).toEqual(result);
	});

	it('groups only what the display received: unshared lines never feed the themes', () => {
		const r1 = projectRoom('r1', outline([{ heading: 'オンライン相談', items: [['オンライン環境がない人への対応', 'issue', true], ['オンラインの個別ケースAさん', null, false]] }]));
		const r2 = projectRoom('r2', outline([{ heading: null, items: [['オンライン面談は二回目から', 'info', true]] }]));
		const themed = groupThemes(themeInputs([r1, r2]));
		const texts = themed.groups.flatMap((g) => g.items.map((i) => i.text));
		expect(texts).toEqual(['オンライン環境がない人への対応', 'オンライン面談は二回目から']);
	});
});
