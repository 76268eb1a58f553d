/**
 * Pre-meeting questions of the demo meeting (as if sent through the pre-hearing sheet the day
 * before), on the reference meeting's topics, in our own words. Authors are indexes into DEMO_MEMBERS.
 */
import type { Direction } from './types.js';

export interface DemoQuestion {
	author: number;
	text: string;
	direction: Direction;
	department: string | null;
	anonymous: boolean;
	/** Indexes into DEMO_MEMBERS of members who upvote it. */
	voters: number[];
	/** Replies from the field (questions from the ministry only). */
	replies?: { author: number; text: string }[];
}

export const DEMO_QUESTIONS: DemoQuestion[] = [
	{
		author: 11,
		text: '住まいを失った方を一時的に受け入れてくれる民間団体に、自治体から正式にお願いできる仕組みを国として用意していただけないでしょうか。',
		direction: 'to_ministry',
		department: '生活困窮者自立支援室',
		anonymous: false,
		voters: [10, 20, 21, 18]
	},
	{
		author: 20,
		text: '一時生活支援事業を市町村をまたいで実施する場合、都道府県が音頭を取るべきでしょうか。協定を結んで進めている地域の例があれば知りたいです。',
		direction: 'to_ministry',
		department: '生活困窮者自立支援室',
		anonymous: false,
		voters: [11, 21]
	},
	{
		author: 14,
		text: 'スマートフォンや通信環境を持たない相談者にオンライン相談をどう届けるか、他の地域での工夫を教えてください。',
		direction: 'to_ministry',
		department: '生活困窮者自立支援室',
		anonymous: false,
		voters: [13, 15, 16, 19, 12]
	},
	{
		author: 10,
		text: '支援制度の情報が省庁ごとに分かれていて、相談者も支援者も探しにくいです。情報や問い合わせ先を一か所にまとめる予定はありますか。',
		direction: 'to_ministry',
		department: '生活困窮者自立支援室',
		anonymous: true,
		voters: [14, 22]
	},
	{
		author: 23,
		text: '級地区分が地域の実際の暮らしぶりと合っていないと感じる場面があります。見直しの予定はありますか。',
		direction: 'to_ministry',
		department: '保護課',
		anonymous: false,
		voters: [24, 16, 22]
	},
	{
		author: 16,
		text: 'バスや鉄道の少ない地域では、仕事に就くために車が欠かせません。生活保護を受けている方の自動車保有の要件を緩めることはできないでしょうか。',
		direction: 'to_ministry',
		department: '保護課',
		anonymous: true,
		voters: [15, 23, 24, 18, 21, 13]
	},
	{
		author: 0,
		text: '相談の入口としてLINEなどのチャットや自動応答（LINEボット）を試した機関があれば、使ってみての手応えや課題を聞かせてください。',
		direction: 'from_ministry',
		department: '生活困窮者自立支援室',
		anonymous: false,
		voters: [],
		replies: [{ author: 13, text: '初めての相談は対面が中心ですが、関係ができた後の連絡手段としては使えそうだと感じています。' }]
	}
];
