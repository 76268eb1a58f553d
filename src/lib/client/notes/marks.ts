/**
 * The mark menu's commands: give the lines under the cursor (or selection) a kind, or mark them
 * "share in plenary". Only the prefix or mark characters change, so someone typing on the same
 * line at the same time keeps their text.
 */
import type { ChangeSpec } from '@codemirror/state';
import type { EditorView } from '@codemirror/view';
import { kindEdits, parseLine, shareEdits, type LineEdit } from '$lib/shared/notes/line';
import type { NoteKind } from '$lib/shared/notes/outline-types';

function selectedLines(view: EditorView) {
	const { state } = view;
	const { from, to } = state.selection.main;
	const lines = [];
	for (let n = state.doc.lineAt(from).number; n <= state.doc.lineAt(to).number; n++) lines.push(state.doc.line(n));
	return lines;
}

function apply(view: EditorView, edits: (text: string) => LineEdit[]): boolean {
	const changes: ChangeSpec[] = [];
	for (const line of selectedLines(view)) {
		if (!line.text.trim()) continue;
		for (const e of edits(line.text)) changes.push({ from: line.from + e.from, to: line.from + e.to, insert: e.insert });
	}
	if (!changes.length) return false;
	view.dispatch({ changes, userEvent: 'input.mark', scrollIntoView: true });
	view.focus();
	return true;
}

/** Sets (or with null removes) the kind of the selected lines. */
export function setKind(view: EditorView, kind: NoteKind | null): boolean {
	return apply(view, (text) => kindEdits(text, kind));
}

/** Marks the selected lines shared, or unmarks them when the first one is already shared. */
export function toggleShare(view: EditorView): boolean {
	const first = selectedLines(view).find((l) => l.text.trim());
	if (!first) return false;
	const shared = !parseLine(first.text).shared;
	return apply(view, (text) => shareEdits(text, shared));
}

/** Kind and share mark of the line under the cursor (for the menu's pressed states). */
export function markAtCursor(view: EditorView): { kind: NoteKind | null; shared: boolean } {
	const info = parseLine(view.state.doc.lineAt(view.state.selection.main.head).text);
	return { kind: info.kind, shared: info.shared };
}
