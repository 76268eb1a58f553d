/**
 * Request ownership: every HTTP request gets an id, a URL that parses (or a 400 `invalid` at once),
 * and a guard so that nothing thrown while serving it — synchronously or later — ends the process:
 * the error is logged with the request id and, when nothing was sent yet, answered 500 `internal`
 * (503 `unavailable` when the store is down).
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../log.js';
import { isStoreUnavailable } from '../storage/unavailable.js';
import { sendRefusal } from './io.js';

/** What the owner of a request knows about it. */
export interface OwnedRequest {
	/** Short random id, logged with every line about this request. */
	id: string;
	url: URL;
}

const ids = { prefix: randomBytes(3).toString('hex'), next: 0 };

/**
 * Parses a request target the way every handler behind us does (WHATWG URL against a base).
 * Only origin-form targets (`/path?query`) are served: absolute-form, `*` and targets that do not
 * parse answer null.
 */
export function parseTarget(raw: string | undefined): URL | null {
	if (!raw || raw[0] !== '/') return null;
	try {
		new URL(raw, 'http://local'); // what SvelteKit and engine.io do
		return new URL(`http://local${raw}`);
	} catch {
		return null;
	}
}

/** Ends a request whose target does not parse: 400 `invalid`, logged at debug only. */
function refuseTarget(req: IncomingMessage, res: ServerResponse, log: Logger, id: string): void {
	log.debug({ reqId: id, method: req.method }, 'request with a malformed target');
	sendRefusal(res, 'invalid', 'target', { connection: 'close' });
}

/** Answers a request whose handler failed, once; the process keeps serving. */
export function failRequest(res: ServerResponse, log: Logger, id: string, req: IncomingMessage, err: unknown): void {
	const down = isStoreUnavailable(err);
	if (down) log.warn({ err: (err as Error).message, reqId: id, method: req.method, url: req.url }, 'store unavailable');
	else log.error({ err, reqId: id, method: req.method, url: req.url }, 'request failed');
	if (res.headersSent || res.writableEnded) {
		if (!res.writableEnded) res.end();
		return;
	}
	try {
		sendRefusal(res, down ? 'unavailable' : 'internal');
	} catch {
		res.destroy();
	}
}

/**
 * Runs `handler` as the one owner of this request. `handler` may return a promise; a throw or a
 * rejection is answered by `failRequest`.
 */
export function ownRequest(
	req: IncomingMessage,
	res: ServerResponse,
	log: Logger,
	handler: (owned: OwnedRequest) => void | Promise<unknown>
): void {
	const id = `${ids.prefix}-${(ids.next++).toString(36)}`;
	const url = parseTarget(req.url);
	if (!url) return refuseTarget(req, res, log, id);
	try {
		const done = handler({ id, url });
		if (done && typeof (done as Promise<unknown>).catch === 'function') (done as Promise<unknown>).catch((err) => failRequest(res, log, id, req, err));
	} catch (err) {
		failRequest(res, log, id, req, err);
	}
}
