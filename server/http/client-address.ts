/**
 * Who a request comes from, for per-client limits: the peer address, or — behind our own reverse
 * proxy (TRUST_PROXY=1) — the address the proxy appended to X-Forwarded-For. A client-supplied
 * X-Forwarded-For is never trusted otherwise.
 */
import type { IncomingMessage } from 'node:http';

/** The client's address as a key; `trustProxy` hops of X-Forwarded-For are believed. */
export function clientAddress(req: IncomingMessage, trustProxy: number): string {
	const peer = req.socket.remoteAddress ?? 'unknown';
	if (trustProxy <= 0) return peer;
	const header = req.headers['x-forwarded-for'];
	const hops = (Array.isArray(header) ? header.join(',') : (header ?? '')).split(',').map((s) => s.trim()).filter(Boolean);
	// The last `trustProxy` entries were written by our proxies; the one before them is the client.
	return hops[hops.length - trustProxy] ?? peer;
}

/** Who pays for a meeting creation: the admin token's holder when one is required, else the client's address. */
export function creatorKey(req: IncomingMessage, config: { adminToken: string | null; trustProxy: number }): string {
	return config.adminToken ? 'admin' : clientAddress(req, config.trustProxy);
}
