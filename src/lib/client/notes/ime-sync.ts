/**
 * Keeps a CodeMirror editor and a Y.Text in sync without ever breaking a Japanese IME composition.
 * Replaces y-codemirror.next's `ySync` (same facet, annotation and transaction origin, so its undo
 * manager still works).
 *
 * While a composition is open (`view.compositionStarted`), nothing is dispatched into the editor:
 * remote changes are held, and the half-converted kana is not sent to others either. At
 * compositionend both sides are merged like operational transforms over CodeMirror change sets:
 * with `local` (base → editor) and `remote` (base → Y.Text), the Y.Text gets `local.map(remote)`
 * and the editor gets `remote.map(local, true)`, which yields the same text on both sides. This is
 * the remedy TESTING.md describes (Overleaf does the same): a remote edit inside the composing line
 * before the composition no longer leaves the kana in the text.
 *
 * Two guards for long compositions (e.g. Android keeps one open while the cursor sits in a word):
 * after 2 s the local text is sent anyway (to Y only, which is safe), and when the composition has
 * made no change for 3 s the held remote changes are applied.
 */
import { ChangeSet, type ChangeSpec, type Extension } from '@codemirror/state';
import { EditorView, ViewPlugin, type ViewUpdate } from '@codemirror/view';
import { ySyncAnnotation, ySyncFacet, type YSyncConfig } from 'y-codemirror.next';
import type * as Y from 'yjs';

const PUSH_LOCAL_AFTER_MS = 2000;
const APPLY_REMOTE_AFTER_MS = 3000;

export class ImeSafeSync {
	private readonly conf: YSyncConfig;
	private readonly ytext: Y.Text;
	/** Changes from the common base to the editor's doc, not yet in the Y.Text. */
	private local: ChangeSet;
	/** Changes from the common base to the Y.Text, not yet in the editor. */
	private remote: ChangeSet;
	private heldSince = 0;
	private timer: ReturnType<typeof setTimeout> | null = null;
	private pullQueued = false;
	private destroyed = false;

	constructor(private readonly view: EditorView) {
		this.conf = view.state.facet(ySyncFacet);
		this.ytext = this.conf.ytext;
		this.local = ChangeSet.empty(view.state.doc.length);
		this.remote = ChangeSet.empty(view.state.doc.length);
		this.ytext.observe(this.observer);
	}

	/** True when editor and Y.Text hold the same text (nothing is held back). */
	get inSync(): boolean {
		return this.local.empty && this.remote.empty;
	}

	private observer = (event: Y.YTextEvent, tr: Y.Transaction) => {
		if (tr.origin === this.conf || this.destroyed) return;
		this.remote = this.remote.compose(deltaToChanges(event.delta, this.remote.newLength));
		if (this.holding()) return this.hold();
		this.pull();
	};

	update(update: ViewUpdate): void {
		for (const tr of update.transactions) {
			if (!tr.docChanged || tr.annotation(ySyncAnnotation) === this.conf) continue;
			this.local = this.local.compose(tr.changes);
		}
		if (this.holding()) {
			if (!this.inSync) this.hold();
			return;
		}
		this.push();
		if (!this.remote.empty) this.queuePull();
	}

	/** Called after compositionend (and by the timer): merges whatever was held. */
	settle(): void {
		if (this.destroyed || this.holding()) return;
		this.push();
		this.pull();
	}

	destroy(): void {
		this.destroyed = true;
		if (this.timer) clearTimeout(this.timer);
		this.ytext.unobserve(this.observer);
	}

	private holding(): boolean {
		return this.view.compositionStarted;
	}

	private hold() {
		if (!this.heldSince) this.heldSince = Date.now();
		if (!this.timer) this.timer = setTimeout(() => this.onTimer(), 500);
	}

	private onTimer() {
		this.timer = null;
		if (this.destroyed) return;
		if (!this.holding()) return this.settle();
		const held = Date.now() - this.heldSince;
		if (held > PUSH_LOCAL_AFTER_MS) this.push();
		if (held > APPLY_REMOTE_AFTER_MS && !this.view.composing) {
			this.heldSince = 0;
			this.pull();
		}
		if (!this.inSync) this.hold();
	}

	/** Sends the editor's pending changes to the Y.Text. Safe during a composition. */
	private push() {
		if (this.local.empty) return;
		const toY = this.local.map(this.remote);
		const stillRemote = this.remote.map(this.local, true);
		this.local = ChangeSet.empty(this.local.newLength);
		this.remote = stillRemote;
		const ytext = this.ytext;
		ytext.doc!.transact(() => {
			let adj = 0;
			toY.iterChanges((fromA, toA, _fromB, _toB, insert) => {
				const text = insert.sliceString(0, insert.length, '\n');
				if (toA > fromA) ytext.delete(fromA + adj, toA - fromA);
				if (text) ytext.insert(fromA + adj, text);
				adj += text.length - (toA - fromA);
			});
		}, this.conf);
		if (this.inSync) this.heldSince = 0;
	}

	/** Applies the held remote changes to the editor (only when no composition is open). */
	private pull() {
		this.push();
		if (this.remote.empty) return;
		const changes = this.remote;
		this.remote = ChangeSet.empty(changes.newLength);
		this.local = ChangeSet.empty(changes.newLength);
		this.heldSince = 0;
		try {
			this.view.dispatch({ changes, annotations: [ySyncAnnotation.of(this.conf)] });
		} catch (err) {
			// Dispatched while the editor was updating: put the changes back and try again shortly.
			if (!(err instanceof Error) || !/update is in progress/.test(err.message)) throw err;
			this.remote = changes;
			this.local = ChangeSet.empty(changes.length);
			this.queuePull();
			return;
		}
		if (this.view.state.doc.length !== this.ytext.length) this.resetFromY();
	}

	private queuePull() {
		if (this.pullQueued) return;
		this.pullQueued = true;
		setTimeout(() => {
			this.pullQueued = false;
			if (!this.destroyed) this.settle();
		}, 0);
	}

	/** Last resort if the two sides ever disagree: take the Y.Text. */
	private resetFromY() {
		const text = this.ytext.toString();
		this.local = ChangeSet.empty(text.length);
		this.remote = ChangeSet.empty(text.length);
		this.view.dispatch({ changes: { from: 0, to: this.view.state.doc.length, insert: text }, annotations: [ySyncAnnotation.of(this.conf)] });
	}
}

/** A Y.Text delta as a CodeMirror change set over a document of `length`. */
export function deltaToChanges(delta: Y.YTextEvent['delta'], length: number): ChangeSet {
	const specs: ChangeSpec[] = [];
	let pos = 0;
	for (const d of delta) {
		if (d.insert != null) specs.push({ from: pos, insert: typeof d.insert === 'string' ? d.insert : '' });
		else if (d.delete != null) {
			specs.push({ from: pos, to: pos + d.delete });
			pos += d.delete;
		} else if (d.retain != null) pos += d.retain;
	}
	return ChangeSet.of(specs, length, '\n');
}

export const imeSafeSyncPlugin = ViewPlugin.fromClass(ImeSafeSync);

/** The sync plugin plus a compositionend hook that merges what was held. */
export function imeSafeSync(): Extension {
	return [
		imeSafeSyncPlugin,
		EditorView.domEventObservers({
			compositionend(_event, view) {
				// CodeMirror reads the final DOM change in a microtask; merge after it.
				setTimeout(() => view.plugin(imeSafeSyncPlugin)?.settle(), 0);
				setTimeout(() => view.plugin(imeSafeSyncPlugin)?.settle(), 60);
			}
		})
	];
}
