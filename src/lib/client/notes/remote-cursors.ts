/**
 * Other people's cursors and selections in the board, in their colour with their name (as the
 * server named them), and this user's cursor published through awareness. Positions are Yjs
 * relative positions; while the IME-safe sync holds changes back (editor and Y.Text differ), the
 * decorations are only mapped through local edits instead of being recomputed, and the local
 * cursor is not published, so nothing points at the wrong character or past the end.
 */
import { Annotation, type Extension, type Range } from '@codemirror/state';
import { Decoration, EditorView, ViewPlugin, WidgetType, type DecorationSet, type ViewUpdate } from '@codemirror/view';
import type { Awareness } from 'y-protocols/awareness';
import * as Y from 'yjs';
import { imeSafeSyncPlugin } from './ime-sync';

/** What a peer publishes (the server fills `name` and `role`). */
export interface PeerUser {
	name?: string;
	role?: string;
	color?: string;
	colorLight?: string;
}

const refresh = Annotation.define<null>();

/** A remote caret with its name; the name fades out while the caret rests (it moves → redrawn → shown again). */
class CaretWidget extends WidgetType {
	constructor(
		readonly color: string,
		readonly name: string,
		readonly pos: number
	) {
		super();
	}

	toDOM(): HTMLElement {
		const caret = document.createElement('span');
		caret.className = 'cm-remote-caret';
		caret.style.borderColor = this.color;
		caret.setAttribute('aria-hidden', 'true');
		const label = document.createElement('span');
		label.className = 'cm-remote-name';
		label.style.backgroundColor = this.color;
		label.textContent = this.name; // text, never HTML
		caret.append('\u2060', label, '\u2060');
		return caret;
	}

	eq(other: CaretWidget): boolean {
		return other.color === this.color && other.name === this.name && other.pos === this.pos;
	}

	ignoreEvent(): boolean {
		return true;
	}
}

/** Remote cursors for `ytext`'s editor; `label` names a peer whose name is empty (e.g. by role). */
export function remoteCursors(ytext: Y.Text, awareness: Awareness, label: (user: PeerUser) => string): Extension {
	const plugin = ViewPlugin.fromClass(
		class {
			decorations: DecorationSet = Decoration.none;
			private readonly onChange: (change: { added: number[]; updated: number[]; removed: number[] }) => void;

			constructor(private readonly view: EditorView) {
				this.onChange = ({ added, updated, removed }) => {
					if ([...added, ...updated, ...removed].some((id) => id !== awareness.clientID)) this.redraw();
				};
				awareness.on('change', this.onChange);
			}

			private redraw() {
				try {
					this.view.dispatch({ annotations: refresh.of(null) });
				} catch {
					setTimeout(() => this.redraw(), 0); // an update was in progress
				}
			}

			update(update: ViewUpdate) {
				const sync = update.view.plugin(imeSafeSyncPlugin);
				if (sync && !sync.inSync) {
					this.decorations = this.decorations.map(update.changes);
					return;
				}
				this.publishLocal(update);
				this.decorations = this.build(update.view);
			}

			destroy() {
				awareness.off('change', this.onChange);
			}

			private publishLocal(update: ViewUpdate) {
				const local = awareness.getLocalState();
				if (!local) return;
				const focused = update.view.hasFocus;
				if (!focused) {
					if (local.cursor != null) awareness.setLocalStateField('cursor', null);
					return;
				}
				const sel = update.state.selection.main;
				const anchor = Y.createRelativePositionFromTypeIndex(ytext, sel.anchor);
				const head = Y.createRelativePositionFromTypeIndex(ytext, sel.head);
				const current = local.cursor as { anchor: unknown; head: unknown } | null | undefined;
				if (
					!current ||
					!Y.compareRelativePositions(Y.createRelativePositionFromJSON(current.anchor), anchor) ||
					!Y.compareRelativePositions(Y.createRelativePositionFromJSON(current.head), head)
				)
					awareness.setLocalStateField('cursor', { anchor, head });
			}

			private build(view: EditorView): DecorationSet {
				const doc = ytext.doc!;
				const max = view.state.doc.length;
				const decos: Range<Decoration>[] = [];
				awareness.getStates().forEach((state, clientId) => {
					if (clientId === awareness.clientID) return;
					const cursor = state.cursor as { anchor?: unknown; head?: unknown } | null | undefined;
					if (!cursor?.anchor || !cursor.head) return;
					let anchor: Y.AbsolutePosition | null = null;
					let head: Y.AbsolutePosition | null = null;
					try {
						anchor = Y.createAbsolutePositionFromRelativePosition(Y.createRelativePositionFromJSON(cursor.anchor), doc);
						head = Y.createAbsolutePositionFromRelativePosition(Y.createRelativePositionFromJSON(cursor.head), doc);
					} catch {
						return;
					}
					if (!anchor || !head || anchor.type !== ytext || head.type !== ytext) return;
					const user = (state.user ?? {}) as PeerUser;
					const color = user.color ?? '#1d4e89';
					const light = user.colorLight ?? `${color}33`;
					const a = Math.min(anchor.index, max);
					const h = Math.min(head.index, max);
					const from = Math.min(a, h);
					const to = Math.max(a, h);
					if (from < to) decos.push(Decoration.mark({ attributes: { style: `background-color: ${light}` }, class: 'cm-remote-selection' }).range(from, to));
					decos.push(Decoration.widget({ widget: new CaretWidget(color, user.name || label(user), h), side: h - a > 0 ? -1 : 1 }).range(h));
				});
				return Decoration.set(decos, true);
			}
		},
		{ decorations: (v) => v.decorations }
	);
	return [plugin, theme];
}

const theme = EditorView.baseTheme({
	'.cm-remote-caret': { position: 'relative', borderLeft: '2px solid', marginLeft: '-1px', marginRight: '-1px' },
	'.cm-remote-name': {
		position: 'absolute',
		top: '-1.35em',
		left: '-2px',
		fontSize: '0.72rem',
		lineHeight: '1.3',
		padding: '0 0.3em',
		borderRadius: '3px 3px 3px 0',
		color: '#fff',
		whiteSpace: 'nowrap',
		userSelect: 'none',
		pointerEvents: 'none',
		zIndex: '5',
		animation: 'cm-remote-name-fade 4s ease-in forwards'
	},
	'@keyframes cm-remote-name-fade': { '0%, 70%': { opacity: '1' }, '100%': { opacity: '0' } },
	'@media (prefers-reduced-motion: reduce)': { '.cm-remote-name': { animation: 'none', opacity: '0.9' } }
});
