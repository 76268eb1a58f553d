/**
 * How the board's own markup looks in the editor: headings bold, kind prefixes (要望： …) as
 * coloured chips, share marks (★, #共有) in gold with the shared lines (and sections) edged, comment
 * lines tinted. The text itself is never replaced, so typing, the IME and the cursor behave as in
 * plain text. The classification comes from the same parser as the outline.
 */
import { RangeSetBuilder, type Extension } from '@codemirror/state';
import { Decoration, EditorView, ViewPlugin, type DecorationSet, type ViewUpdate } from '@codemirror/view';
import { classifyLines, type ClassifiedLine } from '$lib/shared/notes/outline';

const headingLine = Decoration.line({ class: 'cm-note-heading' });
const sharedLine = Decoration.line({ class: 'cm-note-shared' });
const sharedHeading = Decoration.line({ class: 'cm-note-heading cm-note-shared' });
const commentLine = Decoration.line({ class: 'cm-note-comment' });
const star = Decoration.mark({ class: 'cm-note-star' });
const bullet = Decoration.mark({ class: 'cm-note-bullet' });
const commentMark = Decoration.mark({ class: 'cm-note-comment-mark' });
const kindMarks = new Map<string, Decoration>();
function kindMark(kind: string): Decoration {
	let d = kindMarks.get(kind);
	if (!d) kindMarks.set(kind, (d = Decoration.mark({ class: `cm-note-kind cm-note-kind-${kind}` })));
	return d;
}

function build(view: EditorView, lines: ClassifiedLine[]): DecorationSet {
	const b = new RangeSetBuilder<Decoration>();
	const doc = view.state.doc;
	let done = 0;
	for (const { from, to } of view.visibleRanges) {
		for (let n = Math.max(doc.lineAt(from).number, done + 1); n <= doc.lineAt(to).number; n++) {
			done = n;
			const line = doc.line(n);
			const c = lines[n - 1];
			if (!c || c.role === 'blank') continue;
			const { info } = c;
			if (c.role === 'heading') b.add(line.from, line.from, c.shared ? sharedHeading : headingLine);
			else if (info.author) b.add(line.from, line.from, commentLine);
			else if (c.shared) b.add(line.from, line.from, sharedLine);
			const marks: [number, number, Decoration][] = [];
			for (const s of info.shareSpans) marks.push([s.from, s.to, star]);
			if (info.bullet) marks.push([info.bullet.from, info.bullet.to, bullet]);
			if (info.commentSpan) marks.push([info.commentSpan.from, info.commentSpan.to, commentMark]);
			if (info.kindSpan && info.kind) marks.push([info.kindSpan.from, info.kindSpan.to, kindMark(info.kind)]);
			marks.sort((x, y) => x[0] - y[0]);
			for (const [f, t, d] of marks) if (t > f) b.add(line.from + f, line.from + Math.min(t, line.length), d);
		}
	}
	return b.finish();
}

/** The decorations plugin and its styles. */
export function boardDecorations(): Extension {
	const plugin = ViewPlugin.fromClass(
		class {
			lines: ClassifiedLine[];
			decorations: DecorationSet;
			constructor(view: EditorView) {
				this.lines = classifyLines(view.state.doc.toString());
				this.decorations = build(view, this.lines);
			}
			update(u: ViewUpdate) {
				if (u.docChanged) this.lines = classifyLines(u.state.doc.toString());
				if (u.docChanged || u.viewportChanged) this.decorations = build(u.view, this.lines);
			}
		},
		{ decorations: (v) => v.decorations }
	);
	return [plugin, theme];
}

const chip = (bg: string, fg: string) => ({ backgroundColor: bg, color: fg, borderRadius: '999px', padding: '0.05em 0.45em', fontWeight: '600', fontSize: '0.92em' });

const theme = EditorView.baseTheme({
	'.cm-note-heading': { fontWeight: '700', fontSize: '1.06em', paddingTop: '0.5em' },
	'.cm-note-shared': { boxShadow: 'inset 4px 0 0 #b7791f', backgroundColor: '#fff8e6' },
	'.cm-note-comment': { backgroundColor: '#eef4fb' },
	'.cm-note-star': { color: '#8a5a00', fontWeight: '700' },
	'.cm-note-bullet': { color: '#4b5563' },
	'.cm-note-comment-mark': { color: '#1d4e89', fontWeight: '600' },
	'.cm-note-kind-q_to_ministry': chip('#dbe8fb', '#123e73'),
	'.cm-note-kind-q_from_ministry': chip('#e6def7', '#3f2477'),
	'.cm-note-kind-request': chip('#fde2cf', '#7a3208'),
	'.cm-note-kind-issue': chip('#fbd9d9', '#7f1416'),
	'.cm-note-kind-info': chip('#d6f0e0', '#12502b'),
	'.cm-note-kind-decision': chip('#e4e7eb', '#1b1f24')
});
