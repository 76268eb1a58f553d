// "似た質問があります": Japanese paraphrases of questions already asked are found while typing;
// different questions are not, even when they share the meeting's common words.
import { describe, expect, it } from 'vitest';
import { findSimilar, normaliseQuestion, similarity } from '../../src/lib/shared/questions/similarity.js';

/** Questions already in the queue, on the reference meeting's topics. */
const queue = [
	{ id: 'shelter', text: '住居を失った人を一時的に受け入れてもらう場所について、自治体から正式に依頼できる仕組みはありますか。' },
	{ id: 'wide', text: '一時生活支援事業を広域で実施する場合、都道府県が主導すべきでしょうか。' },
	{ id: 'devices', text: 'スマートフォンや通信環境を持たない相談者に、オンライン相談をどう届ければよいでしょうか。' },
	{ id: 'privacy', text: 'オンライン相談で個人情報を守るために気をつけるべき点を教えてください。' },
	{ id: 'food', text: 'フードバンクとの連携で、災害用備蓄食料を活用している例はありますか。' },
	{ id: 'line', text: 'LINEボットを相談の入口として使っている自治体はありますか。' },
	{ id: 'portal', text: '支援情報を一か所にまとめたポータルサイトを国で作る予定はありますか。' },
	{ id: 'grade', text: '級地区分を実際の生活水準に合わせて見直してほしい。' },
	{ id: 'car', text: '地方では車がないと就労できないので、生活保護での自動車保有を緩和できませんか。' }
];

const ids = (text: string) => findSimilar(text, queue).map((r) => r.item.id);

describe('normaliseQuestion', () => {
	it('folds full-width and half-width forms, case, punctuation and spaces', () => {
		expect(normaliseQuestion('ＬＩＮＥ　ボット！')).toBe(normaliseQuestion('line ボット'));
		expect(normaliseQuestion('ﾌｰﾄﾞﾊﾞﾝｸ')).toBe('フードバンク');
		expect(normaliseQuestion('「オンライン相談」、どう？')).toBe('オンライン相談どう');
	});

	it('drops the framing of a question so only its subject is compared', () => {
		expect(normaliseQuestion('車の保有について教えてください。')).toBe(normaliseQuestion('車の保有'));
		expect(normaliseQuestion('厚労省への質問です')).toBe('へのです');
	});
});

describe('findSimilar: paraphrases are found (hits)', () => {
	const hits: [string, string][] = [
		['家を失った方の一時的な宿泊先を、正式に依頼できる制度はありますか', 'shelter'],
		['一時生活支援を広域でやるなら道が主導すべきか', 'wide'],
		['ネット環境のない人へのオンライン相談はどうしたらいいですか', 'devices'],
		['オンライン相談で個人情報をどう守るか', 'privacy'],
		['ﾌｰﾄﾞﾊﾞﾝｸと災害備蓄の食料の活用について', 'food'],
		['ＬＩＮＥボットを相談窓口に活用している例', 'line'],
		['支援情報を一元化したサイトを国が作ってほしい', 'portal'],
		['級地の見直しをお願いしたい', 'grade'],
		['田舎で車を持つことを生活保護で認めてほしい', 'car']
	];
	for (const [typed, expected] of hits)
		it(`「${typed}」 → ${expected}`, () => {
			expect(ids(typed)).toContain(expected);
		});

	it('ranks the closer paraphrase first when two questions share a phrase', () => {
		expect(ids('オンライン相談で個人情報をどう守るか')[0]).toBe('privacy');
		expect(ids('スマホがない相談者へのオンライン相談')[0]).toBe('devices');
	});

	it('already suggests while the question is half typed', () => {
		expect(ids('LINEボットの')).toContain('line');
		expect(ids('級地区分を')).toContain('grade');
	});
});

describe('findSimilar: different questions are not offered (misses)', () => {
	const misses = [
		'次回の会議の日程はいつ頃になりますか',
		'相談員の感染リスクへの配慮はどうしていますか',
		'ホームレス支援団体との連携について教えてください',
		'緊急時の給付金のあり方を次回のテーマにしたい',
		'リモートワークの環境が整っていない自治体への支援は',
		'YouTubeで情報発信している例はありますか',
		'厚労省への質問です',
		'教えてください'
	];
	for (const typed of misses)
		it(`「${typed}」 → nothing`, () => {
			expect(ids(typed)).toEqual([]);
		});

	it('finds nothing for text too short to mean anything, or an empty queue', () => {
		expect(ids('支援')).toEqual([]);
		expect(findSimilar('オンライン相談で個人情報をどう守るか', [])).toEqual([]);
	});
});

describe('similarity', () => {
	it('is 1 for the same question written differently and 0 for nothing shared', () => {
		expect(similarity('フードバンクの活用について', 'ﾌｰﾄﾞﾊﾞﾝｸの活用について教えてください。')).toBe(1);
		expect(similarity('級地区分の見直し', 'LINEボット')).toBe(0);
	});

	it('is higher for a paraphrase than for an unrelated question', () => {
		const a = '住居を失った人の一時的な受け入れ先';
		const b = '家を失った方を一時的に受け入れる場所';
		const c = '相談員の感染リスクへの配慮';
		expect(similarity(a, b)).toBeGreaterThan(similarity(a, c) + 0.2);
	});

	it('counts a short question found inside a longer one', () => {
		const long = 'LINEボットを相談の入口として使っている自治体はありますか';
		expect(similarity('LINEボットの活用', long)).toBeGreaterThan(similarity(long, 'LINEボットの活用'));
	});
});
