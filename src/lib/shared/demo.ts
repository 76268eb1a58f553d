/**
 * The demo meeting: built from the facts of the reference meeting (an information exchange between
 * the ministry, Hokkaido municipalities and poverty-support agencies). Names are made up.
 */
import type { OrgCategory, Role } from './meeting/types.js';
import type { AgendaKind } from './agenda/types.js';
import { isoToZoned, zonedToIso } from './time/zoned.js';

export interface DemoMember {
	name: string;
	organisation: string;
	category: OrgCategory;
	department: string;
	/** Index into DEMO_ROOMS, or null for people who stay in the main room. */
	room: number | null;
	role: Role;
}

export const DEMO_TITLE = '生活困窮者支援 情報交換会（デモ）';
/**
 * What the minutes print before the rooms (開催報告 block 3): how the rooms were formed and the
 * themes given to every room. Our own sentences, after the reference meeting's facts.
 */
export const DEMO_DESCRIPTION = [
	'前半は全体会、後半はブレイクアウトルームに分かれて意見交換します。',
	'話し合いを深めやすいよう、立場の近い機関どうしでルームを分けました。',
	'各ルーム共通の話題：事前ヒアリングシートのテーマ／厚労省から現場への質問／現場から厚労省への質問や意見'
].join('\n');
/** The reference report's wording of two categories in 参加者数, and its qualifier for the municipalities. */
export const DEMO_CATEGORY_LABELS = { agency: '生活困窮者支援機関' } as const;
export const DEMO_CATEGORY_NOTES = { municipality: '北海道・直営含む' } as const;
export const DEMO_DEPARTMENTS = ['生活困窮者自立支援室', '保護課'];

/** The reference meeting's planned start and end (its programme's times are relative to these). */
export const DEMO_REFERENCE = { start: '14:00', end: '15:45' } as const;

/** Programme of the reference meeting: 14:00 start, 8 items, planned end 15:45. */
export const DEMO_AGENDA: { title: string; durationMinutes: number; kind: AgendaKind; start?: string; attendance?: string; presenter?: string; notes?: string }[] = [
	{ title: 'SOSプロジェクト・後方支援プロジェクトの説明', durationMinutes: 30, kind: 'plenary', start: '14:00', presenter: '運営' },
	{ title: '本日の流れ・資料の説明', durationMinutes: 5, kind: 'plenary', start: '14:30', attendance: '厚労省はこの議題から参加', presenter: '運営' },
	{ title: '自己紹介（名前・所属）', durationMinutes: 5, kind: 'plenary' },
	{ title: 'グループ討議：コロナ禍での支援のあり方', durationMinutes: 40, kind: 'breakout', start: '14:40', notes: '【ブレイクアウトルーム】' },
	{ title: 'ルームの話の共有と質疑応答', durationMinutes: 10, kind: 'plenary', start: '15:20', notes: '【3ルーム】' },
	{ title: '各ルームからの発表', durationMinutes: 10, kind: 'plenary' },
	{ title: '次回のテーマについて', durationMinutes: 3, kind: 'plenary' },
	{ title: '次回日程について', durationMinutes: 2, kind: 'plenary' }
];

export const DEMO_ROOMS = [
	{ name: 'ルーム1', purpose: '厚労省（生活困窮者自立支援室）・受託の自立相談支援機関・北海道' },
	{ name: 'ルーム2', purpose: '厚労省（生活困窮者自立支援室）・社協が受託する自立相談支援機関' },
	{ name: 'ルーム3', purpose: '厚労省（保護課）・直営の自立相談支援機関・市' }
];

const M = (name: string, organisation: string, category: OrgCategory, department: string, room: number | null, role: Role = 'participant'): DemoMember => ({
	name,
	organisation,
	category,
	department,
	room,
	role
});

/** 27 people: ministry 10, support agencies 10, municipalities 5, organisers 2. */
export const DEMO_MEMBERS: DemoMember[] = [
	M('青木 誠', '厚生労働省', 'ministry', '生活困窮者自立支援室', 0, 'ministry'),
	M('石田 恵', '厚生労働省', 'ministry', '生活困窮者自立支援室', 0, 'ministry'),
	M('上野 健太', '厚生労働省', 'ministry', '生活困窮者自立支援室', 0, 'ministry'),
	M('江口 真理', '厚生労働省', 'ministry', '生活困窮者自立支援室', 1, 'ministry'),
	M('大西 拓也', '厚生労働省', 'ministry', '生活困窮者自立支援室', 1, 'ministry'),
	M('加藤 由美', '厚生労働省', 'ministry', '生活困窮者自立支援室', 1, 'ministry'),
	M('木村 翔', '厚生労働省', 'ministry', '生活困窮者自立支援室', null, 'ministry'),
	M('久保 綾', '厚生労働省', 'ministry', '保護課', 2, 'ministry'),
	M('小林 達也', '厚生労働省', 'ministry', '保護課', 2, 'ministry'),
	M('斉藤 彩', '厚生労働省', 'ministry', '保護課', 2, 'ministry'),
	M('佐々木 亮', '札幌市自立相談支援事業（受託）', 'agency', '', 0),
	M('清水 千尋', '札幌市一時生活支援事業（受託）', 'agency', '', 0),
	M('鈴木 大輔', '石狩振興局 受託機関', 'agency', '', 0, 'facilitator'),
	M('瀬戸 美咲', '石狩社会福祉協議会', 'agency', '', 1),
	M('高橋 修', '江別市社会福祉協議会', 'agency', '', 1),
	M('田中 直子', '恵庭市社会福祉協議会', 'agency', '', 1),
	M('千葉 和也', '当別町社会福祉協議会', 'agency', '', 1),
	M('土屋 里奈', '空知振興局 受託機関', 'agency', '', 1, 'facilitator'),
	M('中島 悠', '後志振興局 自立相談支援機関', 'agency', '', 2, 'facilitator'),
	M('西田 明美', '室蘭市 自立相談支援機関', 'agency', '', 2),
	M('野口 聡', '北海道庁', 'municipality', '地域福祉課', 0),
	M('橋本 陽子', '北広島市', 'municipality', '自立相談支援', 0),
	M('林 浩二', '札幌市', 'municipality', '保護指導課', 2),
	M('藤井 紗季', '千歳市', 'municipality', '福祉課', 2),
	M('松本 隆', '苫小牧市', 'municipality', '福祉総務課', 2),
	M('森 優子', '主催団体', 'organiser', '運営', 0, 'organiser'),
	M('山口 健', '主催団体', 'organiser', '運営', null, 'organiser')
];

/** Minutes from the reference start (14:00) to `hhmm`. */
function minutesFromReferenceStart(hhmm: string): number {
	const toMinutes = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5));
	return toMinutes(hhmm) - toMinutes(DEMO_REFERENCE.start);
}

/** Where the demo's first item starts: the next five-minute mark at least a minute after `now`. */
export function demoStart(now: number): number {
	const step = 5 * 60_000;
	return Math.ceil((now + 60_000) / step) * step;
}

/**
 * The demo's times when opened at `now`: the reference programme moved to start within a few
 * minutes, keeping its durations and the distance of its pinned starts (14:30, 14:40, 15:20).
 */
export function demoSchedule(now: number, timeZone = 'Asia/Tokyo'): { startsAt: string; endsAt: string; itemStarts: (string | null)[] } {
	const start = demoStart(now);
	const at = (hhmm: string) => {
		const local = isoToZoned(start + minutesFromReferenceStart(hhmm) * 60_000, timeZone);
		return zonedToIso(local.date, local.time, timeZone);
	};
	return { startsAt: at(DEMO_REFERENCE.start), endsAt: at(DEMO_REFERENCE.end), itemStarts: DEMO_AGENDA.map((item) => (item.start ? at(item.start) : null)) };
}
