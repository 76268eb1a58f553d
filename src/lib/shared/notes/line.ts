/**
 * One line of a note board, read as the facilitator typed it: indentation, bullet, heading mark,
 * kind prefix (質問： / 厚労省から： / 要望： / 課題： / 情報： / 決定：), share mark (leading ★ or
 * trailing #共有) and comment prefix (コメント（名前）：). Pure; used by the outline parser, the
 * editor's decorations and the mark menu.
 *
 * The grammar, in the order the parts may appear:
 *   indent  ★?  (bullet | heading-mark)?  ★?  コメント（名前）：?  kind-prefix?  text  #共有?
 */
import type { NoteKind } from './outline-types.js';

/** A character range inside the line (UTF-16 offsets, `to` exclusive). */
export interface Span {
	from: number;
	to: number;
}

export interface LineInfo {
	/** Nothing but whitespace. */
	blank: boolean;
	/** Nesting depth from indentation: 2 spaces, 1 tab or 1 full-width space per level. */
	depth: number;
	/** Offset just after the indentation. */
	indentEnd: number;
	/** The bullet character (●, ・, -, 1. …), if any. */
	bullet: Span | null;
	/** An explicit heading: ■ □ ◆ ◇ #, or a line that starts with 【…】 (not a kind). */
	heading: boolean;
	/** The heading mark (■, #…) or the 【…】 brackets' opening part, for decoration. */
	headingMark: Span | null;
	kind: NoteKind | null;
	/** The kind prefix including its colon or brackets. */
	kindSpan: Span | null;
	/** Marked “share in plenary” (全体共有). */
	shared: boolean;
	/** Where the share marks are (★ and/or #共有). */
	shareSpans: Span[];
	/** Author named by a comment prefix コメント（名前）：. */
	author: string | null;
	commentSpan: Span | null;
	/** The content: no indentation, marks, bullet, prefixes; trimmed. */
	text: string;
}

/** Canonical prefix the mark menu writes for each kind. */
export const KIND_PREFIX: Record<NoteKind, string> = {
	q_to_ministry: '質問：',
	q_from_ministry: '厚労省から：',
	request: '要望：',
	issue: '課題：',
	info: '情報：',
	decision: '決定：'
};

/** Every word accepted before a colon (or inside 【】) for each kind. Latin words are case-insensitive. */
export const KIND_ALIASES: Record<NoteKind, string[]> = {
	q_to_ministry: ['質問', 'Q', 'Q厚労省', '厚労省へ', '厚労省への質問', '国への質問', 'Question'],
	q_from_ministry: ['厚労省から', '厚労省からの質問', 'Q現場', '国から', '国からの質問', 'From ministry'],
	request: ['要望', '意見・要望', 'Request'],
	issue: ['課題', 'Issue'],
	info: ['情報', '情報提供', 'Info'],
	decision: ['決定', '決定事項', 'Decision']
};

export const SHARE_MARK = '★';
/** Trailing share tags (any of these at the end of a line). */
export const SHARE_TAGS = ['#共有', '＃共有', '#share'];

const ALIAS_TO_KIND = new Map<string, NoteKind>();
for (const [kind, words] of Object.entries(KIND_ALIASES) as [NoteKind, string[]][])
	for (const w of words) ALIAS_TO_KIND.set(w.toLowerCase(), kind);
const ALIAS_PATTERN = [...ALIAS_TO_KIND.keys()].sort((a, b) => b.length - a.length).map(escape).join('|');
/** 要望： / 要望: / 【要望】 / ［要望］ / [要望] / 〔要望〕 */
const KIND_RE = new RegExp(`^(?:(${ALIAS_PATTERN})\\s*[:：]|[【［\\[〔]\\s*(${ALIAS_PATTERN})\\s*[】］\\]〕])\\s*`, 'i');
const COMMENT_RE = /^コメント\s*[（(]([^）)\n]{1,80})[）)]\s*[:：]\s*/;
const BULLET_RE = /^(?:[●・•○〇◯◎▪▫]|[-*+‐–—](?=\s)|\d{1,3}[.．)）](?!\d)|[（(]\d{1,3}[）)]|[①-⑳])\s*/;
const HEADING_MARK_RE = /^(?:[■□◆◇]|#{1,4}(?=\s))\s*/;
const BRACKET_HEADING_RE = /^【([^】\n]{1,80})】\s*/;
const SHARE_TAG_RE = new RegExp(`\\s*(?:${SHARE_TAGS.map(escape).join('|')})\\s*$`, 'i');

function escape(s: string): string {
	return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Reads one line. */
export function parseLine(line: string): LineInfo {
	const info: LineInfo = {
		blank: line.trim() === '',
		depth: 0,
		indentEnd: 0,
		bullet: null,
		heading: false,
		headingMark: null,
		kind: null,
		kindSpan: null,
		shared: false,
		shareSpans: [],
		author: null,
		commentSpan: null,
		text: ''
	};
	if (info.blank) return info;

	let i = 0;
	let spaces = 0;
	let depth = 0;
	for (; i < line.length; i++) {
		const c = line[i];
		if (c === ' ') spaces++;
		else if (c === '\t' || c === '\u3000') depth++;
		else break;
	}
	info.depth = depth + Math.floor(spaces / 2);
	info.indentEnd = i;

	let end = line.length;
	const tag = SHARE_TAG_RE.exec(line.slice(i));
	if (tag && tag.index > 0) {
		end = i + tag.index;
		info.shareSpans.push({ from: end, to: line.length });
	}

	const star = () => {
		while (line[i] === SHARE_MARK) {
			info.shareSpans.push({ from: i, to: i + 1 });
			i++;
			while (line[i] === ' ' || line[i] === '\u3000') i++;
		}
	};
	star();
	const rest = () => line.slice(i, end);
	let m = HEADING_MARK_RE.exec(rest());
	if (m) {
		info.heading = true;
		info.headingMark = { from: i, to: i + m[0].length };
		i += m[0].length;
	} else if ((m = BULLET_RE.exec(rest()))) {
		info.bullet = { from: i, to: i + m[0].length };
		i += m[0].length;
	}
	star();
	if ((m = COMMENT_RE.exec(rest()))) {
		info.author = m[1].trim();
		info.commentSpan = { from: i, to: i + m[0].length };
		i += m[0].length;
	}
	if ((m = KIND_RE.exec(rest()))) {
		info.kind = ALIAS_TO_KIND.get((m[1] ?? m[2]).toLowerCase()) ?? null;
		info.kindSpan = { from: i, to: i + m[0].length };
		i += m[0].length;
	} else if (!info.heading && !info.bullet && !info.commentSpan && (m = BRACKET_HEADING_RE.exec(rest()))) {
		// 【ルーム1】 or 【テーマ】…: a heading, unless the bracket holds a kind (handled above).
		info.heading = true;
		info.headingMark = { from: i, to: i + m[0].length };
		const after = line.slice(i + m[0].length, end).trim();
		info.shared = info.shareSpans.length > 0;
		info.text = after ? `${m[1].trim()}　${after}` : m[1].trim();
		return info;
	}
	info.shared = info.shareSpans.length > 0;
	info.text = line.slice(i, end).trim();
	return info;
}

/** True when a line could be an implicit heading: short plain text that does not end a sentence. */
export function looksLikeHeading(info: LineInfo): boolean {
	return (
		!info.blank &&
		!info.heading &&
		!info.bullet &&
		!info.kind &&
		!info.author &&
		info.depth === 0 &&
		info.text.length > 0 &&
		[...info.text].length <= 40 &&
		!/[。．.!?！？、,，:：]$/.test(info.text)
	);
}

/** A change inside one line (offsets relative to the line start, all against the original line). */
export interface LineEdit {
	from: number;
	to: number;
	insert: string;
}

/**
 * Minimal edits that give `line` the kind `kind` (or remove its kind with null). Only the prefix is
 * touched, so text others type on the same line at the same time is kept.
 */
export function kindEdits(line: string, kind: NoteKind | null): LineEdit[] {
	const info = parseLine(line);
	if (info.kind === kind) return [];
	const prefix = kind ? KIND_PREFIX[kind] : '';
	if (info.kindSpan) return [{ from: info.kindSpan.from, to: info.kindSpan.to, insert: prefix }];
	if (!kind) return [];
	const at = info.commentSpan?.to ?? lastMarkEnd(info);
	return [{ from: at, to: at, insert: prefix }];
}

/** Minimal edits that mark `line` shared (a leading ★ after the indentation) or unmark it. */
export function shareEdits(line: string, shared: boolean): LineEdit[] {
	const info = parseLine(line);
	if (info.shared === shared) return [];
	if (shared) return [{ from: info.indentEnd, to: info.indentEnd, insert: SHARE_MARK }];
	// Offsets all refer to the original line: apply them together as one change set.
	return info.shareSpans.map((s) => ({ from: s.from, to: s.to, insert: '' }));
}

/** Where a kind prefix goes: after the indentation, bullet or heading mark and leading ★. */
function lastMarkEnd(info: LineInfo): number {
	let at = info.indentEnd;
	for (const s of [info.bullet, info.headingMark]) if (s && s.to > at) at = s.to;
	for (const s of info.shareSpans) if (s.to - s.from === 1 && s.from <= at + 1 && s.to > at) at = s.to;
	return at;
}

/** The line a reader's comment becomes at the end of a board: コメント（名前）：本文 (one line). */
export function commentLine(author: string, text: string): string {
	const name = author.replace(/[（）()\n\r:：]/g, ' ').trim().slice(0, 80) || '—';
	let body = text.replace(/\s*[\r\n]+\s*/g, ' ').trim();
	// Only writers share lines: a reader's trailing share tag is dropped (however many there are).
	while (SHARE_TAG_RE.test(body)) body = body.replace(SHARE_TAG_RE, '').trim();
	return `コメント（${name}）：${body}`;
}
