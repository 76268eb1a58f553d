/**
 * A line diff (pure): which lines of a saved minutes version are the generated text's, which were
 * removed and which were added. Common head and tail are matched first, the middle by a longest
 * common subsequence; a middle too large for the table is shown as removed-then-added (correct,
 * only not minimal).
 */

export type DiffOp = 'same' | 'removed' | 'added';

export interface DiffLine {
	op: DiffOp;
	text: string;
	/** 1-based line number in the generated text (same, removed) or in the edited text (added). */
	line: number;
}

/** Largest middle part (lines × lines) compared line by line: 4M cells of 4 bytes. */
const MAX_CELLS = 4_000_000;

/** The lines of `text` (a final newline does not make an empty last line). */
export function splitLines(text: string): string[] {
	if (text === '') return [];
	const lines = text.split(/\r?\n/);
	if (lines[lines.length - 1] === '') lines.pop();
	return lines;
}

/** The line diff from `before` to `after`, in reading order (removals before the additions that replace them). */
export function diffLines(before: string, after: string): DiffLine[] {
	const a = splitLines(before);
	const b = splitLines(after);
	let head = 0;
	while (head < a.length && head < b.length && a[head] === b[head]) head++;
	let tail = 0;
	while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
	const out: DiffLine[] = [];
	for (let i = 0; i < head; i++) out.push({ op: 'same', text: a[i], line: i + 1 });
	out.push(...middle(a.slice(head, a.length - tail), b.slice(head, b.length - tail), head));
	for (let i = a.length - tail; i < a.length; i++) out.push({ op: 'same', text: a[i], line: i + 1 });
	return out;
}

function middle(a: string[], b: string[], offset: number): DiffLine[] {
	const n = a.length;
	const m = b.length;
	const removed = (i: number): DiffLine => ({ op: 'removed', text: a[i], line: offset + i + 1 });
	const added = (j: number): DiffLine => ({ op: 'added', text: b[j], line: offset + j + 1 });
	if (n === 0 || m === 0 || (n + 1) * (m + 1) > MAX_CELLS) return [...a.map((_, i) => removed(i)), ...b.map((_, j) => added(j))];
	// lcs[i][j]: length of the longest common subsequence of a[i..] and b[j..].
	const w = m + 1;
	const lcs = new Uint32Array((n + 1) * w);
	for (let i = n - 1; i >= 0; i--)
		for (let j = m - 1; j >= 0; j--) lcs[i * w + j] = a[i] === b[j] ? lcs[(i + 1) * w + j + 1] + 1 : Math.max(lcs[(i + 1) * w + j], lcs[i * w + j + 1]);
	const out: DiffLine[] = [];
	let i = 0;
	let j = 0;
	while (i < n && j < m) {
		if (a[i] === b[j]) {
			out.push({ op: 'same', text: a[i], line: offset + i + 1 });
			i++;
			j++;
		} else if (lcs[(i + 1) * w + j] >= lcs[i * w + j + 1]) out.push(removed(i++));
		else out.push(added(j++));
	}
	while (i < n) out.push(removed(i++));
	while (j < m) out.push(added(j++));
	return out;
}

/** How many lines were added and removed. */
export function diffCounts(diff: DiffLine[]): { added: number; removed: number } {
	let added = 0;
	let removed = 0;
	for (const d of diff) {
		if (d.op === 'added') added++;
		else if (d.op === 'removed') removed++;
	}
	return { added, removed };
}

/** The diff with runs of unchanged lines shortened to `context` lines around each change (null stands for the lines left out). */
export function withContext(diff: DiffLine[], context = 2): (DiffLine | null)[] {
	const near = new Uint8Array(diff.length);
	diff.forEach((d, k) => {
		if (d.op === 'same') return;
		for (let c = Math.max(0, k - context); c <= Math.min(diff.length - 1, k + context); c++) near[c] = 1;
	});
	const out: (DiffLine | null)[] = [];
	diff.forEach((d, k) => {
		if (near[k]) out.push(d);
		else if (out[out.length - 1] !== null) out.push(null);
	});
	if (out.length && out[out.length - 1] === null && !diff.some((d) => d.op !== 'same')) return [];
	return out;
}
