/**
 * The board editor: CodeMirror 6 on the board's Y.Text with the IME-safe sync, y-codemirror's undo
 * manager, remote cursors, the board's decorations, bullets that continue on Enter, and a size guard
 * (a paste or a board over the limits is refused before it reaches Yjs, so the server never has to
 * close the connection).
 */
import { defaultKeymap } from '@codemirror/commands';
import { Compartment, EditorState, type Extension, type Transaction } from '@codemirror/state';
import { EditorView, keymap, placeholder } from '@codemirror/view';
import { yCollab, ySync, yUndoManagerKeymap } from 'y-codemirror.next';
import type { Awareness } from 'y-protocols/awareness';
import * as Y from 'yjs';
import { ySyncAnnotation } from 'y-codemirror.next';
import { MAX_BOARD_BYTES } from '$lib/shared/notes/access';
import { bulletEnter } from '$lib/shared/notes/bullets';
import { boardDecorations } from './decorations';
import { imeSafeSync } from './ime-sync';
import { privacyMarks, shareCheck, type SharePrompt } from './privacy';
import { remoteCursors, type PeerUser } from './remote-cursors';

/** Largest single insertion (a paste), in UTF-8 bytes. */
export const MAX_INSERT_BYTES = MAX_BOARD_BYTES / 2;

export type Refusal = 'too_large' | 'board_full';

export interface BoardEditorOptions {
	parent: HTMLElement;
	ytext: Y.Text;
	awareness: Awareness;
	readOnly: boolean;
	/** Accessible name of the text area. */
	label: string;
	placeholder: string;
	/** Name shown for a peer without one (e.g. its role). */
	peerLabel: (user: PeerUser) => string;
	onRefused: (why: Refusal) => void;
	/** After every update (selection or text), for the mark menu and previews. */
	onUpdate?: (view: EditorView) => void;
	/** Hint on underlined possible personal information. */
	privacyHint: string;
	/** A line this writer shared holds possible personal information (ask before it goes on). */
	onSharePrompt?: (prompt: SharePrompt) => void;
}

export interface BoardEditor {
	view: EditorView;
	setReadOnly(readOnly: boolean): void;
	destroy(): void;
}

const encoder = new TextEncoder();
/** UTF-8 size, cheaply bounded first (a UTF-16 unit is at most 3 bytes). */
function bytes(s: string, limit: number): number {
	return s.length * 3 <= limit ? s.length : encoder.encode(s).length;
}

function sizeGuard(onRefused: (why: Refusal) => void): Extension {
	return [
		EditorView.domEventHandlers({
			paste(event) {
				const text = event.clipboardData?.getData('text/plain') ?? '';
				if (bytes(text, MAX_INSERT_BYTES) <= MAX_INSERT_BYTES) return false;
				event.preventDefault();
				onRefused('too_large');
				return true;
			}
		}),
		EditorState.transactionFilter.of((tr: Transaction) => {
			if (!tr.docChanged || tr.annotation(ySyncAnnotation)) return tr;
			let inserted = 0;
			tr.changes.iterChanges((_a, _b, _c, _d, text) => {
				inserted += text.length;
			});
			if (inserted * 3 > MAX_INSERT_BYTES) {
				let exact = 0;
				tr.changes.iterChanges((_a, _b, _c, _d, text) => {
					exact += encoder.encode(text.sliceString(0)).length;
				});
				if (exact > MAX_INSERT_BYTES) {
					queueMicrotask(() => onRefused('too_large'));
					return [];
				}
			}
			if (tr.newDoc.length * 3 > MAX_BOARD_BYTES && bytes(tr.newDoc.toString(), MAX_BOARD_BYTES) > MAX_BOARD_BYTES && tr.newDoc.length > tr.startState.doc.length) {
				queueMicrotask(() => onRefused('board_full'));
				return [];
			}
			return tr;
		})
	];
}

/**
 * Enter on a ● / ・ line continues the list, or ends it on an empty bullet. Never while an IME is
 * composing: the Enter that confirms a conversion belongs to the IME and inserts nothing here.
 */
function continueBullet(view: EditorView): boolean {
	if (view.composing || view.compositionStarted) return false;
	const { main } = view.state.selection;
	if (!main.empty || view.state.selection.ranges.length > 1) return false;
	const line = view.state.doc.lineAt(main.head);
	const what = bulletEnter(line.text, main.head - line.from);
	if (!what) return false;
	if ('endList' in what) view.dispatch({ changes: { from: line.from, to: line.to, insert: '' }, selection: { anchor: line.from }, userEvent: 'input' });
	else view.dispatch(view.state.replaceSelection(what.insert), { userEvent: 'input', scrollIntoView: true });
	return true;
}

/** Creates the editor in `parent`. */
export function createBoardEditor(opts: BoardEditorOptions): BoardEditor {
	const editable = new Compartment();
	const readOnlyExt = (ro: boolean) => [EditorState.readOnly.of(ro), EditorView.editable.of(!ro)];
	const undoManager = new Y.UndoManager(opts.ytext);
	const collab = (yCollab(opts.ytext, null, { undoManager }) as Extension[]).filter((e) => e !== ySync);
	const state = EditorState.create({
		doc: opts.ytext.toString(),
		extensions: [
			EditorState.lineSeparator.of('\n'),
			EditorView.lineWrapping,
			EditorView.contentAttributes.of({ 'aria-label': opts.label, spellcheck: 'false', autocapitalize: 'off' }),
			placeholder(opts.placeholder),
			keymap.of([{ key: 'Enter', run: continueBullet }, ...yUndoManagerKeymap, ...defaultKeymap]),
			collab,
			imeSafeSync(),
			remoteCursors(opts.ytext, opts.awareness, opts.peerLabel),
			boardDecorations(),
			privacyMarks(opts.privacyHint),
			opts.onSharePrompt ? shareCheck(opts.onSharePrompt) : [],
			sizeGuard(opts.onRefused),
			editable.of(readOnlyExt(opts.readOnly)),
			EditorView.updateListener.of((u) => opts.onUpdate?.(u.view)),
			theme
		]
	});
	const view = new EditorView({ state, parent: opts.parent });
	return {
		view,
		setReadOnly(ro) {
			view.dispatch({ effects: editable.reconfigure(readOnlyExt(ro)) });
		},
		destroy() {
			view.destroy();
			undoManager.destroy();
		}
	};
}

const theme = EditorView.theme({
	'&': { fontSize: '1rem', backgroundColor: '#fff', border: '1px solid #8a929e', borderRadius: '8px' },
	'&.cm-focused': { outline: '3px solid #f0b400', outlineOffset: '2px' },
	'.cm-scroller': { fontFamily: 'inherit', lineHeight: '1.75', minHeight: '18rem' },
	'.cm-content': { padding: '0.75rem 0.5rem 2rem', caretColor: '#1b1f24' },
	'.cm-line': { padding: '0 0.5rem' },
	'.cm-placeholder': { color: '#5b6470' }
});
