/**
 * The production build's pages with the server on a fixed clock, for e2e tests of what people see at
 * a given hour (the demo opened at 18:30, a run on another day). Like `server/index.ts`, but the
 * server's `now` starts at YORIAI_TEST_CLOCK (an ISO instant) and then runs in real time; the
 * browser learns the server's time through the usual clock pings. Started by `startApp({ clock })`
 * with `node --import tsx`. Lines on stdin move the clock: `clock <ISO instant>` sets it there
 * (App.setClock; a test that runs an afternoon's meeting in a minute; logs `clock set`), `step` moves it
 * a minute on (YORIAI_TEST_CLOCK_STEP_MS) and runs the once-a-minute jobs that minute would have run
 * (the rooms' activity count), then logs `clock stepped` (`stepClock` in app.ts).
 */
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createLogger } from '../../server/log.js';
import { readConfigOrExit, stopOnSignals } from '../../server/lifecycle.js';
import { startYoriai, type PageHandler } from '../../server/start.js';

async function main() {
	const startsAt = Date.parse(process.env.YORIAI_TEST_CLOCK ?? '');
	if (Number.isNaN(startsAt)) throw new Error('YORIAI_TEST_CLOCK must be an ISO instant');
	let offset = startsAt - Date.now();
	const step = Number(process.env.YORIAI_TEST_CLOCK_STEP_MS ?? 60_000);
	const config = readConfigOrExit();
	const log = createLogger(config.logLevel);
	const { handler } = (await import(pathToFileURL(join(process.cwd(), 'build', 'handler.js')).href)) as { handler: PageHandler };
	const running = await startYoriai(config, handler, { log, now: () => Date.now() + offset });
	log.info({ url: `http://localhost:${running.port}`, clock: new Date(startsAt).toISOString() }, 'Yoriai is listening');
	stopOnSignals(running.stop);
	let steps = 0;
	createInterface({ input: process.stdin }).on('line', (line) => {
		if (line.trim() === 'step') {
			offset += step;
			running.realtime.activity
				.sampleAll()
				.then(() => log.info({ step: ++steps, clock: new Date(Date.now() + offset).toISOString() }, 'clock stepped'))
				.catch((err: unknown) => log.error({ err }, 'clock step failed'));
			return;
		}
		const m = /^clock (\S+)$/.exec(line.trim());
		const at = m ? Date.parse(m[1]) : NaN;
		if (Number.isNaN(at)) return;
		offset = at - Date.now();
		log.info({ clockSet: m![1] }, 'clock set');
	});
}

main().catch((err: unknown) => {
	console.error(`yoriai: could not start: ${(err as Error).message}`);
	process.exit(1);
});
