/**
 * A figure as plain data: a list of marks (rectangles, lines, paths, texts) in one coordinate space,
 * with a title and a one-paragraph summary for screen readers. Figure models (timeline, rooms,
 * ledger) build scenes; the browser draws them with `FigureSvg.svelte` and the server serialises the
 * very same scene with `sceneToSvg` (for the minutes' .docx), so every picture is drawn once.
 */
import type { Tone } from './palette.js';

interface MarkBase {
	tone: Tone;
	/** A tooltip and spoken name for this mark (`<title>`). */
	label?: string;
	/** Makes the mark a link (ledger figures link to their rows). */
	href?: string;
}

export interface RectMark extends MarkBase {
	kind: 'rect';
	x: number;
	y: number;
	width: number;
	height: number;
	/** Draw only the outline (a planned span), not the fill. */
	outline?: boolean;
}

export interface LineMark extends MarkBase {
	kind: 'line';
	x1: number;
	y1: number;
	x2: number;
	y2: number;
	dashed?: boolean;
	strokeWidth?: number;
}

export interface PathMark extends MarkBase {
	kind: 'path';
	d: string;
	/** Filled area rather than a stroked line. */
	area?: boolean;
}

export interface TextMark extends MarkBase {
	kind: 'text';
	x: number;
	y: number;
	text: string;
	anchor?: 'start' | 'middle' | 'end';
	size?: number;
	bold?: boolean;
}

export type Mark = RectMark | LineMark | PathMark | TextMark;

export interface FigureScene {
	width: number;
	height: number;
	/** Short name of the figure, e.g. 「時間の計画と実績」. */
	title: string;
	/** What the figure shows, in sentences; the text alternative for screen readers. */
	summary: string;
	marks: Mark[];
}

/** The font stack every figure's text uses (the CJK font first, as in the page's CSS). */
export const FIGURE_FONT = "'Noto Sans CJK JP', 'Noto Sans JP', 'Hiragino Sans', 'Yu Gothic UI', Meiryo, sans-serif";

/** Width of `text` in pixels at `size`, counting full-width characters as one em and others as 0.6 em. */
export function textWidth(text: string, size: number): number {
	let ems = 0;
	for (const ch of text) ems += (ch.codePointAt(0) ?? 0) > 0x2e7f ? 1 : 0.6;
	return ems * size;
}

/** Cuts `text` so it fits `width` pixels at `size`, ending with 「…」 when cut. */
export function fitText(text: string, size: number, width: number): string {
	if (textWidth(text, size) <= width) return text;
	const chars = [...text];
	while (chars.length > 0 && textWidth(chars.join('') + '…', size) > width) chars.pop();
	return chars.length ? chars.join('') + '…' : '';
}
