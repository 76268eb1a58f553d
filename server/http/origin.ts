/**
 * The one same-origin rule for cookie-authenticated requests (HTTP API, /yjs upgrades, the
 * socket.io handshake): a request without an Origin header is a top-level navigation or a
 * non-browser client; one with an Origin must be ours (PUBLIC_URL, else the Host it was sent to,
 * over http or https). An explicit token (Bearer, `token=`, handshake auth) is fine from anywhere.
 */
import type { IncomingHttpHeaders } from 'node:http';

/** True when `headers` come from a page of our own origin (or from no page at all). */
export function isSameOrigin(headers: IncomingHttpHeaders, publicUrl: string | null): boolean {
	const origin = headers.origin;
	if (origin === undefined) return true;
	if (publicUrl && origin === publicUrl) return true;
	const host = headers.host;
	return Boolean(host) && (origin === `http://${host}` || origin === `https://${host}`);
}
