/**
 * Reads the Markdown of the minutes back into blocks (pure), so a saved version — the organiser's
 * edited text — can be printed (the minutes page) and written as Word (server/minutes/docx-version.ts)
 * without HTML: headings, paragraphs, nested bullet lists, numbered lines, tables, quotes and rules,
 * with bold, italics and links inside a line. It reads what renderMarkdown writes and the usual
 * edits to it; anything else stays a paragraph of text.
 */

/** A piece of a line: text, maybe bold or italic, maybe a link. */
export interface Span {
	text: string;
	bold?: boolean;
	italic?: boolean;
	url?: string;
}

export interface ListItem {
	spans: Span[];
	children: ListItem[];
}

export type Block =
	| { type: 'heading'; level: 1 | 2 | 3 | 4 | 5 | 6; spans: Span[] }
	| { type: 'paragraph'; spans: Span[] }
	| { type: 'quote'; spans: Span[] }
	| { type: 'list'; items: ListItem[] }
	| { type: 'numbered'; no: string; spans: Span[] }
	| { type: 'table'; head: Span[][]; rows: Span[][][] }
	| { type: 'rule' };

/** A link target the page and Word may follow: http(s) and mailto only. */
function safeUrl(url: string): string | undefined {
	return /^(https?:|mailto:)/i.test(url) ? url : undefined;
}

/** Reads the inline syntax of one line: `\x` escapes, `**bold**`, `*italic*`, `[text](url)`. */
export function parseInline(line: string): Span[] {
	const out: Span[] = [];
	let bold = false;
	let italic = false;
	let buf = '';
	const flush = () => {
		if (buf) out.push({ text: buf, ...(bold ? { bold: true } : {}), ...(italic ? { italic: true } : {}) });
		buf = '';
	};
	for (let i = 0; i < line.length; i++) {
		const c = line[i];
		if (c === '\\' && i + 1 < line.length) {
			buf += line[++i];
		} else if (c === '*' && line[i + 1] === '*' && (bold || line.indexOf('**', i + 2) > 0)) {
			flush();
			bold = !bold;
			i++;
		} else if (c === '*' && (italic || line.indexOf('*', i + 1) > 0)) {
			flush();
			italic = !italic;
		} else if (c === '[') {
			const link = /^\[((?:\\.|[^\]\\])*)\]\(([^()\s]*)\)/.exec(line.slice(i));
			if (!link) {
				buf += c;
				continue;
			}
			flush();
			const url = safeUrl(decodeSafe(link[2]));
			const text = parseInline(link[1]).map((s) => s.text).join('');
			out.push({ text, ...(url ? { url } : {}), ...(bold ? { bold: true } : {}) });
			i += link[0].length - 1;
		} else buf += c;
	}
	flush();
	return out;
}

function decodeSafe(s: string): string {
	try {
		return decodeURI(s);
	} catch {
		return s;
	}
}

/** The cells of a table row `| a | b |` (escaped pipes stay in their cell). */
function cells(line: string): string[] {
	const inner = line.trim().replace(/^\|/, '').replace(/(?<!\\)\|$/, '');
	return inner.split(/(?<!\\)\|/).map((c) => c.trim());
}

const SEPARATOR = /^\|?(\s*:?-{3,}:?\s*\|)+\s*:?-{0,}:?\s*\|?$/;

/** Parses the Markdown of the minutes into blocks. */
export function parseBlocks(markdown: string): Block[] {
	const lines = markdown.split(/\r?\n/);
	const blocks: Block[] = [];
	let i = 0;
	while (i < lines.length) {
		const line = lines[i];
		if (!line.trim()) {
			i++;
			continue;
		}
		const heading = /^(#{1,6})\s+(.*)$/.exec(line);
		if (heading) {
			blocks.push({ type: 'heading', level: heading[1].length as 1, spans: parseInline(heading[2].trim()) });
			i++;
		} else if (/^\s*(-{3,}|\*{3,})\s*$/.test(line)) {
			blocks.push({ type: 'rule' });
			i++;
		} else if (/^\s*>/.test(line)) {
			const text: string[] = [];
			while (i < lines.length && /^\s*>/.test(lines[i])) text.push(lines[i++].replace(/^\s*>\s?/, ''));
			blocks.push({ type: 'quote', spans: parseInline(text.join(' ')) });
		} else if (/^\s*[-+*]\s+/.test(line) && !/^\*\*/.test(line.trim())) {
			const items: { depth: number; text: string }[] = [];
			while (i < lines.length && /^\s*[-+*]\s+/.test(lines[i]) && !/^\*\*/.test(lines[i].trim())) {
				const m = /^(\s*)[-+*]\s+(.*)$/.exec(lines[i++])!;
				items.push({ depth: Math.floor(m[1].replace(/\t/g, '  ').length / 2), text: m[2] });
			}
			blocks.push({ type: 'list', items: tree(items) });
		} else if (/^\d+\.\s+/.test(line)) {
			const m = /^(\d+)\.\s+(.*)$/.exec(line)!;
			blocks.push({ type: 'numbered', no: m[1], spans: parseInline(m[2]) });
			i++;
		} else if (line.trim().startsWith('|') && i + 1 < lines.length && SEPARATOR.test(lines[i + 1].trim())) {
			const head = cells(line).map(parseInline);
			i += 2;
			const rows: Span[][][] = [];
			while (i < lines.length && lines[i].trim().startsWith('|')) rows.push(cells(lines[i++]).map(parseInline));
			blocks.push({ type: 'table', head, rows });
		} else {
			blocks.push({ type: 'paragraph', spans: parseInline(line.trim()) });
			i++;
		}
	}
	return blocks;
}

/** Nests flat bullets by depth (a deeper bullet with no parent hangs on the last item there is). */
function tree(flat: { depth: number; text: string }[]): ListItem[] {
	const root: ListItem[] = [];
	const stack: { depth: number; children: ListItem[] }[] = [{ depth: -1, children: root }];
	for (const f of flat) {
		while (stack.length > 1 && stack[stack.length - 1].depth >= f.depth) stack.pop();
		const item: ListItem = { spans: parseInline(f.text), children: [] };
		stack[stack.length - 1].children.push(item);
		stack.push({ depth: f.depth, children: item.children });
	}
	return root;
}

/** The plain text of spans (for titles and tests). */
export function spansText(spans: Span[]): string {
	return spans.map((s) => s.text).join('');
}
