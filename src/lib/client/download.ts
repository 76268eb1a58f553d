/** Saving text the page built (a CSV sheet) as a file the browser downloads. */

/** Downloads `text` as `filename`; CSV gets a UTF-8 BOM so Japanese Excel opens it with the right encoding. */
export function downloadText(filename: string, text: string, type = 'text/csv'): void {
	const blob = new Blob([type === 'text/csv' ? '\uFEFF' + text : text], { type: `${type};charset=utf-8` });
	const a = document.createElement('a');
	a.href = URL.createObjectURL(blob);
	a.download = filename;
	document.body.append(a);
	a.click();
	a.remove();
	setTimeout(() => URL.revokeObjectURL(a.href), 1000);
}
