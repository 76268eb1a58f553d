/**
 * Renders a .docx the way a reader sees it: LibreOffice (headless soffice) to PDF, poppler to one
 * PNG per page (pdftoppm) and to each page's text (pdftotext -layout). Debian packages
 * libreoffice-writer-nogui and poppler-utils (scripts/ensure-system.sh installs them).
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findExecutable } from './daemon.js';

const run = promisify(execFile);
const missing = (what: string) => `${what} not found: install libreoffice-writer-nogui and poppler-utils (scripts/ensure-system.sh does this)`;

export interface RenderedDocx {
	/** Pages of the PDF, as pdfinfo counts them. */
	pages: number;
	/** One PNG per page, in order. */
	pngs: string[];
	/** Each page's text (pdftotext -layout), in order. */
	texts: string[];
}

/** Converts `docx` to PDF and renders every page into `outDir` as `<name>-NN.png` (at `dpi`). */
export async function renderDocxPages(docx: Buffer, outDir: string, name: string, dpi = 60): Promise<RenderedDocx> {
	const soffice = findExecutable('soffice', ['/usr/bin', '/usr/lib/libreoffice/program'], missing('soffice'));
	const [pdftoppm, pdftotext, pdfinfo] = ['pdftoppm', 'pdftotext', 'pdfinfo'].map((t) => findExecutable(t, ['/usr/bin'], missing(t)));
	const work = mkdtempSync(join(tmpdir(), 'yoriai-docx-'));
	try {
		const file = join(work, `${name}.docx`);
		writeFileSync(file, docx);
		// A profile of its own: a LibreOffice the user (or another test) has open does not take the job.
		await run(soffice, [`-env:UserInstallation=file://${join(work, 'profile')}`, '--headless', '--convert-to', 'pdf', '--outdir', work, file], { timeout: 180_000 });
		const pdf = join(work, `${name}.pdf`);
		const pages = Number(/^Pages:\s+(\d+)/m.exec((await run(pdfinfo, [pdf])).stdout)?.[1] ?? 0);
		mkdirSync(outDir, { recursive: true });
		for (const f of readdirSync(outDir)) if (f.startsWith(`${name}-`) && f.endsWith('.png')) rmSync(join(outDir, f));
		await run(pdftoppm, ['-png', '-r', String(dpi), pdf, join(outDir, name)]);
		const pngs = readdirSync(outDir)
			.filter((f) => f.startsWith(`${name}-`) && f.endsWith('.png'))
			.sort()
			.map((f) => join(outDir, f));
		const texts: string[] = [];
		for (let i = 1; i <= pages; i++) texts.push((await run(pdftotext, ['-layout', '-f', String(i), '-l', String(i), pdf, '-'])).stdout);
		return { pages, pngs, texts };
	} finally {
		rmSync(work, { recursive: true, force: true });
	}
}
