/**
 * The board's privacy help: possible personal information is underlined while facilitators type
 * (never on the line being composed with the IME), and a line that becomes shared (★, #共有, the
 * mark menu) while it holds a finding is reported once, so the page can ask before it goes to the
 * screen. The server holds such a line back from the display until a writer confirms it anyway;
 * this is the moment to mask it instead. Detection is the core's (privacy/detect.ts).
 */
import { RangeSetBuilder, type Extension, type Text } from '@codemirror/state';
import { Decoration, EditorView, ViewPlugin, type DecorationSet, type ViewUpdate } from '@codemirror/view';
import { ySyncAnnotation } from 'y-codemirror.next';
import { parseLine, shareEdits } from '$lib/shared/notes/line';
import { cachedFinder, findPersonalInfo, maskPersonalInfo, type Finding } from '$lib/shared/privacy/detect';

/** A shared line with findings, as reported to the page. */
export interface SharePrompt {
	/** 1-based line number when it was reported (the page re-reads the line before acting). */
	line: number;
	/** The item text (no marks), as the plenary keys it. */
	text: string;
	findings: Finding[];
	/** The matched pieces, for the question to the writer. */
	pieces: string[];
}

/** Findings of one line, cached by its text (a keystroke re-checks only the line it changed). */
export const lineFindings = cachedFinder();

function build(view: EditorView, mark: Decoration): DecorationSet {
	const b = new RangeSetBuilder<Decoration>();
	const doc = view.state.doc;
	const composingLine = view.composing ? doc.lineAt(view.state.selection.main.head).number : -1;
	let done = 0;
	for (const { from, to } of view.visibleRanges) {
		for (let n = Math.max(doc.lineAt(from).number, done + 1); n <= doc.lineAt(to).number; n++) {
			done = n;
			if (n === composingLine) continue;
			const line = doc.line(n);
			for (const f of lineFindings(line.text)) b.add(line.from + f.from, line.from + f.to, mark);
		}
	}
	return b.finish();
}

/** Underlines findings in the visible lines; `title` is the hint a pointer or screen reader gets. */
export function privacyMarks(title: string): Extension {
	const mark = Decoration.mark({ class: 'cm-note-pii', attributes: { title } });
	const plugin = ViewPlugin.fromClass(
		class {
			decorations: DecorationSet;
			constructor(view: EditorView) {
				this.decorations = build(view, mark);
			}
			update(u: ViewUpdate) {
				if (u.docChanged || u.viewportChanged || u.selectionSet || u.transactions.length) this.decorations = build(u.view, mark);
			}
		},
		{ decorations: (v) => v.decorations }
	);
	return [plugin, theme];
}

/** The share prompt for line `n` of `doc`, when it is shared and holds findings. */
export function promptFor(doc: Text, n: number): SharePrompt | null {
	if (n < 1 || n > doc.lines) return null;
	const text = doc.line(n).text;
	const info = parseLine(text);
	if (!info.shared) return null;
	const findings = lineFindings(text);
	if (!findings.length) return null;
	return { line: n, text: info.text, findings, pieces: findings.map((f) => text.slice(f.from, f.to)) };
}

/**
 * Reports (once per line text) a line this writer made shared while it holds findings. Remote
 * edits are not reported (their writer is asked on their own screen), nor lines while composing.
 */
export function shareCheck(onPrompt: (p: SharePrompt) => void): Extension {
	const asked = new Set<string>();
	let pending = new Set<number>();
	return EditorView.updateListener.of((u) => {
		if (u.docChanged && !u.transactions.some((tr) => tr.annotation(ySyncAnnotation))) {
			const lines = new Set<number>();
			u.changes.iterChangedRanges((_fa, _ta, from, to) => {
				for (let n = u.state.doc.lineAt(from).number; n <= u.state.doc.lineAt(to).number; n++) lines.add(n);
			});
			pending = new Set([...pending, ...lines]);
		}
		if (u.view.composing || !pending.size) return;
		for (const n of pending) {
			const p = promptFor(u.state.doc, n);
			if (!p || asked.has(p.text)) continue;
			const before = u.startState.doc.lines >= n ? parseLine(u.startState.doc.line(n).text) : null;
			// Only when sharing is new here: a shared line typed on is asked once, not at every key.
			if (before?.shared && asked.has(before.text)) continue;
			asked.add(p.text);
			queueMicrotask(() => onPrompt(p));
			break;
		}
		pending = new Set();
	});
}

/** Replaces every finding on line `n` by 〇〇 (one change, only the found spans). */
export function maskLine(view: EditorView, n: number): boolean {
	if (n < 1 || n > view.state.doc.lines) return false;
	const line = view.state.doc.line(n);
	const findings = findPersonalInfo(line.text);
	if (!findings.length) return false;
	const masked = maskPersonalInfo(line.text, findings);
	// Replace span by span so text others type elsewhere on the line is kept.
	const changes = findings.map((f) => {
		const piece = line.text.slice(f.from, f.to);
		return { from: line.from + f.from, to: line.from + f.to, insert: maskPersonalInfo(piece, [{ ...f, from: 0, to: piece.length }]) };
	});
	view.dispatch({ changes, userEvent: 'input.mask' });
	return masked !== line.text;
}

/** Removes the share marks of line `n`. */
export function unshareLine(view: EditorView, n: number): boolean {
	if (n < 1 || n > view.state.doc.lines) return false;
	const line = view.state.doc.line(n);
	const edits = shareEdits(line.text, false);
	if (!edits.length) return false;
	view.dispatch({ changes: edits.map((e) => ({ from: line.from + e.from, to: line.from + e.to, insert: e.insert })), userEvent: 'input.mark' });
	return true;
}

const theme = EditorView.baseTheme({
	'.cm-note-pii': { textDecoration: 'underline wavy #b42318', textDecorationSkipInk: 'none', textUnderlineOffset: '0.2em', backgroundColor: '#fdecea' }
});
