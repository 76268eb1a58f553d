import { startApp } from '../helpers/app.js';
import { launchBrowser, newUser } from '../helpers/browser.js';
const app = await startApp();
const browser = await launchBrowser();
try {
	const ctx = await newUser(browser);
	const org = await ctx.newPage();
	await org.goto(app.url);
	await org.getByRole('button', { name: 'デモ会議を作成' }).click();
	await org.waitForURL(/\/console$/);
	const displayUrl = await org.getByRole('textbox', { name: '投影画面' }).inputValue();
	const id = org.url().split('/m/')[1].split('/')[0];
	const send = (cmd: object) => org.evaluate(async ([id, cmd]) => (await fetch(`/api/v1/meetings/${id}/commands?as=organiser`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(cmd) })).json(), [id, cmd] as const);
	console.log(await send({ type: 'summary.theme.add', text: '緊急時の給付金のあり方' }));
	await send({ type: 'summary.theme.add', text: '全道の支援機関をつなぐプラットフォーム' });
	await send({ type: 'summary.nextDate.set', startsAt: null, tentative: '7月中旬予定' });
	await send({ type: 'summary.link.add', title: '支援情報ナビ（内閣府）', url: 'https://corona.go.jp/info-navi/' });
	await send({ type: 'plenary.clock', show: true });
	const dctx = await browser.newContext({ viewport: { width: 1920, height: 1080 }, locale: 'ja-JP', timezoneId: 'Asia/Tokyo' });
	const d = await dctx.newPage();
	await d.goto(displayUrl);
	for (const view of ['rooms', 'summary', 'clock', 'questions', 'qr']) {
		await send({ type: 'plenary.view', view });
		await d.waitForSelector(`[data-view="${view}"]`);
		await d.waitForTimeout(400);
		await d.evaluate(() => document.fonts.ready);
		await d.screenshot({ path: `/tmp/shots/display-${view}.png` });
	}
	const links = await org.evaluate(async (id) => (await fetch(`/api/v1/meetings/${id}?as=organiser`)).json(), id);
	const pl = Object.values(links.state.links as Record<string, any>).find((l) => l.role === 'participant');
	await send({ type: 'plenary.qr', linkId: pl.id });
	await d.waitForTimeout(800);
	await d.screenshot({ path: `/tmp/shots/display-qr2.png` });
	await send({ type: 'plenary.view', view: 'rooms' });
	await d.waitForTimeout(500);
	await d.screenshot({ path: `/tmp/shots/display-rooms-qr.png` });
	await org.getByRole('tab', { name: '全体共有' }).click();
	await org.waitForTimeout(500);
	await org.screenshot({ path: '/tmp/shots/console-plenary.png', fullPage: true });
	await org.getByRole('tab', { name: '議事録' }).click();
	await org.getByRole('button', { name: 'Markdownを作成' }).click();
	await org.waitForTimeout(800);
	await org.screenshot({ path: '/tmp/shots/console-minutes.png', fullPage: true });
	const p = await ctx.newPage();
	await p.goto(`${app.url}/m/${id}/minutes`);
	await p.waitForSelector('[data-testid="minutes-document"]');
	await p.evaluate(() => document.fonts.ready);
	await p.screenshot({ path: '/tmp/shots/minutes-page.png', fullPage: true });
	await p.pdf({ path: '/tmp/shots/minutes.pdf', format: 'A4' });
} finally {
	await browser.close();
	await app.stop();
}
