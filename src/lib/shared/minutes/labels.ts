/** Words of the minutes (議事録), Japanese first, as in the reference report; English for the switch. */
import type { NoteKind } from '../notes/outline-types.js';
import type { OrgCategory } from '../meeting/types.js';

export type MinutesLang = 'ja' | 'en';

const ja = {
	report: '開催報告',
	overview: '開催概要',
	dateTime: '開催日時',
	method: '開催方法',
	attendance: '参加者数',
	total: '合計',
	people: '{n}名',
	seeAnnex: '別紙参照',
	attended: '実参加 {n}名',
	minutesPresent: '参加時間',
	minutesValue: '{n}分',
	joinedFrom: '{who}（{item}・{time}〜）',
	programme: '当日プログラム',
	no: 'No.',
	item: '議題',
	planned: '予定時刻',
	actual: '実績時刻',
	remarks: '備考',
	overran: '{n}分超過',
	cut: '時間切れのため実施せず',
	notHeld: '未実施',
	running: '進行中',
	extended: '{n}分延長',
	rooms: 'ブレイクアウトルーム（グループ討議）',
	composition: '構成',
	members: '参加',
	facilitator: 'ファシリテーター',
	noNotes: '記録はありません',
	sharedOnly: '全体共有された記録のみ掲載',
	questions: '質問と回答',
	toMinistry: '厚労省への質問',
	fromMinistry: '厚労省からの質問',
	noDepartment: '宛先の部署なし',
	answered: '回答済み',
	deferred: '後日回答',
	open: '未回答',
	answer: '回答',
	votes: '賛同{n}',
	from: '{who}より',
	speaker: '〈{who}〉',
	questionNo: 'Q{n}',
	seeQuestion: '→「4. 質問と回答」の{no}に掲載',
	lateStart: '{n}分遅れで開始',
	itemRemark: '※{title}：{remark}',
	noQuestions: '質問はありません',
	summary: 'まとめ・次回について',
	summaryNotes: 'まとめ',
	nextThemes: '次回のテーマ',
	nextDate: '次回日程',
	undecided: '未定',
	links: '共有されたリンク',
	roster: '別紙　参加者名簿',
	category: '所属区分',
	organisation: '所属',
	department: '部署',
	name: '氏名',
	room: 'ルーム',
	role: '役割',
	none: '—',
	generated: 'Yoriaiで作成（{at}）',
	nextTitle: '{title}（次回）',
	version_internal: '内部資料',
	version_public: '公開版',
	versionNote_internal: '内部資料：個人が特定できる情報を含む場合があります。組織外に配布しないでください。',
	versionNote_public: '公開版：個人が特定できる可能性のある情報は〇〇で伏せ、守秘の記録は含めていません。',
	paren: '（{x}）',
	range: '{a}〜{b}',
	provisional: '暫定・{time}時点',
	provisionalNote: '会議は進行中です。この議事録は{time}時点の暫定版です。',
	rehearsal: 'リハーサル'
};

const en: Record<keyof typeof ja, string> = {
	report: 'Meeting report',
	overview: 'Overview',
	dateTime: 'Date and time',
	method: 'Method',
	attendance: 'Attendance',
	total: 'Total',
	people: '{n}',
	seeAnnex: 'see annex',
	attended: '{n} attended',
	minutesPresent: 'Time present',
	minutesValue: '{n} min',
	joinedFrom: '{who} (from {item}, {time})',
	programme: 'Programme',
	no: 'No.',
	item: 'Item',
	planned: 'Planned',
	actual: 'Actual',
	remarks: 'Remarks',
	overran: '{n} min over',
	cut: 'dropped: out of time',
	notHeld: 'not held',
	running: 'running',
	extended: 'extended {n} min',
	rooms: 'Breakout rooms',
	composition: 'Composition',
	members: 'Members',
	facilitator: 'Facilitator',
	noNotes: 'No notes',
	sharedOnly: 'Only notes shared in the plenary',
	questions: 'Questions and answers',
	toMinistry: 'Questions to the ministry',
	fromMinistry: 'Questions from the ministry',
	noDepartment: 'No department',
	answered: 'Answered',
	deferred: 'Answer later',
	open: 'Open',
	answer: 'Answer',
	votes: '+{n}',
	from: 'From {who}',
	speaker: '[{who}] ',
	questionNo: 'Q{n}',
	seeQuestion: '→ listed as {no} in “4. Questions and answers”',
	lateStart: 'started {n} min late',
	itemRemark: '※{title}: {remark}',
	noQuestions: 'No questions',
	summary: 'Summary and next meeting',
	summaryNotes: 'Summary',
	nextThemes: 'Next themes',
	nextDate: 'Next date',
	undecided: 'to be decided',
	links: 'Shared links',
	roster: 'Annex: participants',
	category: 'Type',
	organisation: 'Organisation',
	department: 'Department',
	name: 'Name',
	room: 'Room',
	role: 'Role',
	none: '—',
	generated: 'Made with Yoriai ({at})',
	nextTitle: '{title} (next)',
	version_internal: 'Internal',
	version_public: 'Public version',
	versionNote_internal: 'Internal: may contain information that identifies people. Do not distribute outside the organisations present.',
	versionNote_public: 'Public version: possible personal information is masked as 〇〇 and confidential (守秘) notes are left out.',
	paren: ' ({x})',
	range: '{a}–{b}',
	provisional: 'provisional, as of {time}',
	provisionalNote: 'The meeting is in progress: these minutes are provisional, as of {time}.',
	rehearsal: 'Rehearsal'
};

export type MinutesLabel = keyof typeof ja;

const CATEGORY: Record<MinutesLang, Record<OrgCategory, string>> = {
	ja: { ministry: '厚生労働省', municipality: '自治体', agency: '支援機関', organiser: '運営', other: 'その他' },
	en: { ministry: 'Ministry', municipality: 'Municipalities', agency: 'Support agencies', organiser: 'Organisers', other: 'Other' }
};

const KIND: Record<MinutesLang, Record<NoteKind, string>> = {
	ja: { q_to_ministry: '厚労省への質問', q_from_ministry: '厚労省からの質問', request: '要望', issue: '課題', info: '情報提供', decision: '決定事項' },
	en: { q_to_ministry: 'Question to ministry', q_from_ministry: 'Question from ministry', request: 'Request', issue: 'Issue', info: 'Info', decision: 'Decision' }
};

/** A label with `{param}`s filled in. */
export function label(lang: MinutesLang, key: MinutesLabel, params: Record<string, string | number> = {}): string {
	const text = (lang === 'en' ? en : ja)[key];
	return text.replace(/\{(\w+)\}/g, (_, p: string) => (p in params ? String(params[p]) : `{${p}}`));
}

/** `x` in brackets as the language writes them: 「（x）」 in Japanese, " (x)" in English. */
export function paren(lang: MinutesLang, x: string): string {
	return label(lang, 'paren', { x });
}

/** A time range: 「14:00〜15:45」 in Japanese, "14:00–15:45" in English (an open end stays open). */
export function timeRange(lang: MinutesLang, a: string, b: string): string {
	return label(lang, 'range', { a, b });
}

const SIDE: Record<MinutesLang, Record<OrgCategory, string>> = {
	ja: { ministry: '厚労省', municipality: '自治体', agency: '支援機関', organiser: '運営', other: 'その他' },
	en: { ministry: 'Ministry', municipality: 'Municipality', agency: 'Support agency', organiser: 'Organiser', other: 'Other' }
};

/** The short name of a side, as statements are labelled (〈自治体〉). */
export function sideLabel(lang: MinutesLang, c: OrgCategory): string {
	return SIDE[lang][c];
}

export function categoryLabel(lang: MinutesLang, c: OrgCategory): string {
	return CATEGORY[lang][c];
}

export function kindLabel(lang: MinutesLang, k: NoteKind): string {
	return KIND[lang][k];
}
