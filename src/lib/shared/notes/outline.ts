/**
 * Parses a note board's text into its outline: sections (headings) with items (bullets and plain
 * lines), each item with its kind, share mark, author and depth. Pure: the plenary screen, the
 * minutes and the notes API all read boards through this.
 *
 * Headings are lines starting with ■ □ ◆ ◇ # or 【…】, and short plain lines (40 characters or
 * fewer, no bullet, not ending with 。 or other sentence punctuation) followed by a bullet line.
 * A heading marked with ★ or #共有 shares its whole section. A heading marked 守秘 (【守秘】…, 守秘：…,
 * or …#守秘) makes its section confidential: none of its lines is shared, whatever their marks.
 */
import { looksLikeHeading, parseLine, type LineInfo } from './line.js';
import type { Outline, OutlineItem, OutlineSection } from './outline-types.js';

/** What each line of a board is, after looking at its neighbours (used by the editor as well). */
export type LineRole = 'blank' | 'heading' | 'item';

export interface ClassifiedLine {
	info: LineInfo;
	role: LineRole;
	/** Shared itself or through its section's heading (never inside a 守秘 section). */
	shared: boolean;
	/** In a section marked 守秘 (or its heading). */
	confidential: boolean;
}

const CONFIDENTIAL_HEADING = /^(?:【守秘】|〔守秘〕|［守秘］|\[守秘\]|守秘(?:[\s　:：]|$))|[#＃]守秘$/;

/** True when a heading's text marks its section 守秘 (confidential). */
export function isConfidentialHeading(text: string): boolean {
	return CONFIDENTIAL_HEADING.test(text.trim());
}

/** Classifies every line of `text` (split on \n; a trailing \r is ignored). */
export function classifyLines(text: string): ClassifiedLine[] {
	const lines = text.split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
	const infos = lines.map(parseLine);
	const out: ClassifiedLine[] = [];
	let sectionShared = false;
	let sectionConfidential = false;
	for (let i = 0; i < infos.length; i++) {
		const info = infos[i];
		let role: LineRole;
		if (info.blank) role = 'blank';
		else if (info.heading) role = 'heading';
		else if (looksLikeHeading(info) && nextIsBullet(infos, i)) role = 'heading';
		else role = 'item';
		if (role === 'heading') {
			sectionConfidential = isConfidentialHeading(info.text);
			sectionShared = info.shared && !sectionConfidential;
		}
		const shared = !sectionConfidential && (role === 'item' ? info.shared || sectionShared : info.shared);
		out.push({ info, role, shared, confidential: sectionConfidential });
	}
	return out;
}

function nextIsBullet(infos: LineInfo[], i: number): boolean {
	for (let j = i + 1; j < infos.length; j++) {
		if (infos[j].blank) continue;
		return infos[j].bullet !== null || infos[j].depth > 0;
	}
	return false;
}

/**
 * The outline of a board. `authorOf(line)` may name who wrote a line; a comment prefix
 * (コメント（名前）：) names its author itself.
 */
export function parseOutline(text: string, authorOf?: (line: number) => string | null): Outline {
	const sections: OutlineSection[] = [];
	let current: OutlineSection | null = null;
	classifyLines(text).forEach((c, line) => {
		if (c.role === 'blank') return;
		if (c.role === 'heading') {
			current = { heading: c.info.text, shared: c.shared, line, items: [], ...(c.confidential ? { confidential: true } : {}) };
			sections.push(current);
			return;
		}
		if (!c.info.text && !c.info.kind) return; // a lone bullet or mark
		if (!current) {
			current = { heading: null, shared: false, line, items: [] };
			sections.push(current);
		}
		const item: OutlineItem = {
			text: c.info.text,
			kind: c.info.kind,
			shared: c.shared,
			line,
			author: c.info.author ?? authorOf?.(line) ?? null,
			depth: c.info.depth
		};
		current.items.push(item);
	});
	return { sections };
}

/** Only what is marked for the plenary: shared sections whole, other sections with their shared items. */
export function sharedOutline(outline: Outline): Outline {
	const sections: OutlineSection[] = [];
	for (const s of outline.sections) {
		const items = s.items.filter((i) => i.shared);
		if (s.shared || items.length) sections.push({ ...s, items });
	}
	return { sections };
}
