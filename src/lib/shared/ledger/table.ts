/**
 * The ledger as a 一覧表 (one table for .csv and .xlsx): number, matter, where it was raised, side,
 * department, status, answer and dates, in Japanese as a ministry files it. Anonymous askers show
 * as 匿名; the table is built from a viewer's ledger (views.ts), so it holds only what they may see.
 */
import type { OrgCategory, Role } from '../meeting/types.js';
import type { Ledger, LedgerRow, LedgerStatus } from './types.js';

export const STATUS_JA: Record<LedgerStatus, string> = {
	open: '未回答',
	answering: '回答中',
	answered: '回答済み',
	deferred: '後日回答',
	carried: '持ち越し',
	closed: '完了'
};

export const CATEGORY_JA: Record<OrgCategory, string> = { ministry: '厚生労働省', municipality: '自治体', agency: '支援機関', organiser: '運営', other: 'その他' };

const SIDE_JA: Record<Role, string> = { organiser: '運営', facilitator: 'ファシリテーター', participant: '参加者', ministry: '厚生労働省', display: '表示' };

const JST = 9 * 3_600_000;

/** A day as 2021/06/04 in Japan time (UTC+9 all year: no daylight saving since 1951; a table of thousands of rows needs no time-zone database). */
export function jaDate(at: number | string): string {
	const ms = typeof at === 'number' ? at : Date.parse(at);
	return new Date(ms + JST).toISOString().slice(0, 10).replaceAll('-', '/');
}

/** Who raised it, as one cell: 匿名, or side・category・organisation as far as the viewer may see. */
export function sideCell(row: LedgerRow): string {
	if (row.raised.anonymous) return '匿名';
	const parts = [row.raised.side ? SIDE_JA[row.raised.side] : '', row.raised.category ? CATEGORY_JA[row.raised.category] : '', row.raised.organisation ?? ''];
	return parts.filter(Boolean).join('・') || '—';
}

export const LEDGER_HEADER = ['番号', '案件', '提起された会議', 'ルーム', '地域', '提起者', '担当部署', '状況', '回答', '提起日', '回答日', '賛同者数', '取り上げた会議数'];
/** Columns of `LEDGER_HEADER` that hold counts (番号, 賛同者数, 取り上げた会議数): numbers, not text, in a spreadsheet. */
export const LEDGER_NUMERIC_COLUMNS = [0, 11, 12] as const;

/** The ledger's rows as cells, under `LEDGER_HEADER`. */
export function ledgerTable(ledger: Ledger): string[][] {
	const rows = ledger.rows.map((r) => {
		const last = r.answers[r.answers.length - 1];
		return [
			String(r.number),
			r.text,
			`${r.raised.title}（${jaDate(r.raised.startsAt)}）`,
			r.raised.room ?? '',
			r.regions.join('・') || (r.raised.region ?? ''),
			sideCell(r),
			r.department ?? '',
			STATUS_JA[r.status],
			r.answers.map((a) => a.text).join('\n'),
			jaDate(r.firstAt),
			last ? jaDate(last.at) : '',
			String(r.supporters),
			String(r.appearances.length)
		];
	});
	return [LEDGER_HEADER, ...rows];
}
