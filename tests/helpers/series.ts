/**
 * Series helpers for integration and e2e tests: creating a series and its meetings over HTTP, and
 * people entering a meeting by its shared link (joining, or claiming their copied roster entry).
 */
import { api, mustCommand } from './server.js';
import type { Role } from '../../src/lib/shared/meeting/types.js';

export interface CreatedSeries {
	id: string;
	organiserToken: string;
	ministryToken: string;
	links: { organiser: string; ministry: string };
}

/** Creates a series; throws unless 201. */
export async function createSeries(url: string, title = '生活困窮者支援 情報交換会（連続開催）', ministryLabel = '生活困窮者自立支援室'): Promise<CreatedSeries> {
	const res = await api<CreatedSeries>(url, '/api/v1/series', { body: { title, ministryLabel } });
	if (res.status !== 201) throw new Error(`create series: ${res.status} ${res.text}`);
	return res.json;
}

/** Creates the series' next meeting (the first one needs `startsAt`); throws unless 201. */
export async function nextMeeting(url: string, s: CreatedSeries, body: Record<string, unknown> = {}): Promise<{ id: string; organiserToken: string; carried: number }> {
	const res = await api(url, `/api/v1/series/${s.id}/meetings`, { token: s.organiserToken, body });
	if (res.status !== 201) throw new Error(`next meeting: ${res.status} ${res.text}`);
	return res.json;
}

/** Sends a series command with `token`; answers the response. */
export function seriesCommand(url: string, seriesId: string, token: string, command: unknown) {
	return api(url, `/api/v1/series/${seriesId}/commands`, { token, body: command });
}

/**
 * One person entering a meeting through a fresh shared link of `role`: joins by name, or claims the
 * roster entry of that name when the roster (copied from the last meeting) has one. Answers their token.
 */
export async function enter(url: string, meetingId: string, organiserToken: string, role: Role, name: string, organisation: string): Promise<{ memberId: string; token: string }> {
	const link = (await mustCommand(url, meetingId, organiserToken, { type: 'link.create', role })).result.token as string;
	const joined = await api(url, `/api/v1/meetings/${meetingId}/commands`, { token: link, body: { type: 'member.join', name, organisation, category: role === 'ministry' ? 'ministry' : 'municipality' } });
	const reply = joined.json?.code === 'on_roster' ? (await mustCommand(url, meetingId, link, { type: 'member.claim', memberId: joined.json.detail })) : joined.json;
	if (!reply?.ok) throw new Error(`enter ${name}: ${joined.status} ${joined.text}`);
	return { memberId: reply.result.memberId, token: reply.result.token };
}

/**
 * A small series for pages and documents: two meetings (東北, 九州) with questions to both
 * departments — one anonymous and deferred, carried into the second meeting and supported again,
 * a near-duplicate of it raised in the second, one answered there, one from the ministry's list.
 */
export async function seedLedger(url: string): Promise<{ series: CreatedSeries; meetings: string[]; participantToken: string }> {
	const s = await createSeries(url);
	const m1 = await nextMeeting(url, s, { title: '第1回 生活困窮者支援 情報交換会', startsAt: '2021-06-04T14:00:00+09:00', endsAt: '2021-06-04T15:45:00+09:00', region: '東北' });
	await mustCommand(url, m1.id, m1.organiserToken, { type: 'room.add', name: 'ルームA 自治体' });
	const a = await enter(url, m1.id, m1.organiserToken, 'participant', '秋田ハナ', '秋田市');
	const b = await enter(url, m1.id, m1.organiserToken, 'participant', '盛岡タロウ', '盛岡市');
	const min = await enter(url, m1.id, m1.organiserToken, 'ministry', '厚労ミカ', '厚生労働省');
	const q1 = (await mustCommand(url, m1.id, a.token, { type: 'question.ask', text: '就労準備支援事業の対象者要件を、年齢に関わらず利用できるよう緩和してほしい', department: '生活困窮者自立支援室', anonymous: true })).result.id;
	await mustCommand(url, m1.id, b.token, { type: 'question.vote', questionId: q1 });
	await mustCommand(url, m1.id, min.token, { type: 'question.status', questionId: q1, status: 'deferred' });
	const q2 = (await mustCommand(url, m1.id, b.token, { type: 'question.ask', text: '生活保護の申請時の扶養照会の運用を見直してほしい', department: '保護課' })).result.id;
	await mustCommand(url, m1.id, min.token, { type: 'question.answer', questionId: q2, text: '扶養照会は、扶養義務の履行が期待できない場合は行わなくてよい旨を通知しています。' });
	const m2 = await nextMeeting(url, s, { title: '第2回 生活困窮者支援 情報交換会', startsAt: '2021-07-16T14:00:00+09:00', endsAt: '2021-07-16T15:45:00+09:00', region: '九州' });
	const c = await enter(url, m2.id, m2.organiserToken, 'participant', '福岡サブロウ', '福岡市');
	const d = await enter(url, m2.id, m2.organiserToken, 'participant', '熊本シロウ', '熊本県');
	const carried = (await api(url, `/api/v1/meetings/${m2.id}`, { token: m2.organiserToken })).json.state.questions.items;
	const copy = Object.values(carried as Record<string, { id: string; origin: { questionId: string } | null }>).find((q) => q.origin?.questionId === q1)!;
	await mustCommand(url, m2.id, c.token, { type: 'question.vote', questionId: copy.id });
	await mustCommand(url, m2.id, d.token, { type: 'question.ask', text: '就労準備支援事業の対象者要件について、年齢に関わらず利用できるよう緩和をお願いしたい', department: '生活困窮者自立支援室' });
	await mustCommand(url, m2.id, c.token, { type: 'question.ask', text: '一時生活支援事業の委託先を選ぶときの考え方を示してほしい', department: '生活困窮者自立支援室', anonymous: true });
	return { series: s, meetings: [m1.id, m2.id], participantToken: c.token };
}
