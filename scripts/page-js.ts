/**
 * How much JavaScript a page opened outside Zoom loads: starts a production build (`npm run build`
 * first; another checkout's with `--root <dir>`), opens the landing page, a participant's home and
 * their room's board in headless Chromium (a demo meeting, the participant link's cookie), and sums
 * every script the page loads until the network is idle, raw and gzipped. Code a page imports only
 * inside Zoom (the Zoom App's) is never fetched outside it, so it is not counted.
 *
 *   npx tsx scripts/page-js.ts [--root <dir>] [--json]
 */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { launchBrowser } from '../tests/helpers/browser.js';

export interface PageJs {
	page: string;
	files: number;
	bytes: number;
	gzip: number;
}

/** Measures the build under `root`. */
export async function measurePageJs(root: string): Promise<PageJs[]> {
	const child = spawn(process.execPath, [join(root, 'dist', 'server', 'index.js')], {
		cwd: root,
		env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', DATA_DIR: mkdtempSync(join(tmpdir(), 'yoriai-pagejs-')) },
		stdio: ['ignore', 'pipe', 'inherit']
	});
	try {
		const port = await new Promise<number>((ok, fail) => {
			let buf = '';
			child.stdout!.on('data', (c: Buffer) => {
				buf += c.toString();
				const m = /"url":"http:\/\/localhost:(\d+)"/.exec(buf);
				if (m) ok(Number(m[1]));
			});
			child.once('exit', (code) => fail(new Error(`server exited with ${code}`)));
		});
		const base = `http://127.0.0.1:${port}`;
		const origin = { origin: base };
		const demo = (await (await fetch(`${base}/api/v1/meetings/demo`, { method: 'POST', headers: origin })).json()) as { id: string; organiserToken: string };
		const auth = { authorization: `Bearer ${demo.organiserToken}` };
		const view = (await (await fetch(`${base}/api/v1/meetings/${demo.id}`, { headers: auth })).json()) as {
			state: { rooms: Record<string, { id: string; order: number }>; links: Record<string, { id: string; role: string; revoked: boolean }> };
			linkUrls: Record<string, string>;
		};
		const link = Object.values(view.state.links).find((l) => l.role === 'participant' && !l.revoked)!;
		const opened = await fetch(view.linkUrls[link.id].replace(/^https?:\/\/[^/]+/, base), { redirect: 'manual' });
		const cookie = decodeURIComponent((opened.headers.get('set-cookie') ?? '').split(';')[0]);
		const room = Object.values(view.state.rooms).sort((a, b) => a.order - b.order)[0].id;
		const pages = { landing: '/', participant: `/m/${demo.id}`, room: `/m/${demo.id}/rooms/${room}` };
		const [cname, cvalue] = [cookie.slice(0, cookie.indexOf('=')), cookie.slice(cookie.indexOf('=') + 1)];
		const browser = await launchBrowser();
		const out: PageJs[] = [];
		try {
			for (const [name, path] of Object.entries(pages)) {
				const ctx = await browser.newContext();
				await ctx.addCookies([{ name: cname, value: cvalue, url: base }]);
				const page = await ctx.newPage();
				const scripts = new Map<string, Promise<Buffer>>();
				page.on('response', (r) => {
					if (r.request().resourceType() === 'script' || r.url().endsWith('.js')) scripts.set(r.url(), r.body());
				});
				await page.goto(base + path, { waitUntil: 'networkidle' });
				let bytes = 0;
				let gzip = 0;
				for (const body of scripts.values()) {
					const b = await body;
					bytes += b.length;
					gzip += gzipSync(b, { level: 9 }).length;
				}
				out.push({ page: name, files: scripts.size, bytes, gzip });
				await ctx.close();
			}
		} finally {
			await browser.close();
		}
		return out;
	} finally {
		child.kill('SIGTERM');
	}
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('page-js.ts')) {
	const at = process.argv.indexOf('--root');
	const root = resolve(at > 0 ? process.argv[at + 1] : '.');
	const result = await measurePageJs(root);
	if (process.argv.includes('--json')) console.log(JSON.stringify(result));
	else for (const r of result) console.log(`${r.page.padEnd(12)} ${String(r.files).padStart(3)} files ${String(r.bytes).padStart(8)} B  gzip ${String(r.gzip).padStart(7)} B`);
}
