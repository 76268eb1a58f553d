/** Process lifecycle shared by every entry point: configuration or exit, and clean shutdown on signals. */
import { ConfigError, readConfig, type Config } from './config.js';

/** Reads the configuration; on a wrong value prints one clear line and exits with code 2. */
export function readConfigOrExit(): Config {
	try {
		return readConfig();
	} catch (err) {
		if (err instanceof ConfigError) {
			console.error(`yoriai: ${err.message}`);
			process.exit(2);
		}
		throw err;
	}
}

/**
 * On SIGTERM or SIGINT runs `stop` once, then exits 0 (or 1 when stopping fails or takes over
 * `graceMs`).
 */
export function stopOnSignals(stop: () => Promise<void>, onSignal: (signal: string) => void = () => {}, graceMs = 10_000): void {
	let stopping = false;
	const shutdown = (signal: string) => {
		if (stopping) return;
		stopping = true;
		onSignal(signal);
		setTimeout(() => process.exit(1), graceMs).unref();
		stop().then(
			() => process.exit(0),
			(err: unknown) => {
				console.error(`yoriai: shutdown failed: ${(err as Error).message}`);
				process.exit(1);
			}
		);
	};
	process.on('SIGTERM', () => shutdown('SIGTERM'));
	process.on('SIGINT', () => shutdown('SIGINT'));
}
