/** Small helpers for plain Node HTTP: JSON bodies with a size limit, JSON replies, security headers. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { httpStatusFor, refuse, type ErrorCode } from '../../src/lib/shared/errors.js';

export class BodyError extends Error {
	constructor(readonly code: ErrorCode) {
		super(code);
	}
}

/** The raw body, refused with `too_large` beyond `limit` bytes (declared or sent). */
export async function readBytes(req: IncomingMessage, limit: number): Promise<Buffer> {
	const declared = Number(req.headers['content-length'] ?? 0);
	if (declared > limit) throw new BodyError('too_large');
	const chunks: Buffer[] = [];
	let size = 0;
	for await (const chunk of req) {
		size += (chunk as Buffer).length;
		if (size > limit) throw new BodyError('too_large');
		chunks.push(chunk as Buffer);
	}
	return Buffer.concat(chunks);
}

/** An uploaded file (the whole body, at most `limit` bytes), or null once an empty body was refused. */
export async function readUpload(req: IncomingMessage, res: ServerResponse, limit: number): Promise<Buffer | null> {
	const bytes = await readBytes(req, limit);
	if (bytes.length > 0) return bytes;
	sendRefusal(res, 'invalid', 'empty file');
	return null;
}

/** Reads a JSON body of at most `limit` bytes; throws BodyError('too_large' | 'invalid'). */
export async function readJson(req: IncomingMessage, limit: number): Promise<unknown> {
	const body = await readBytes(req, limit);
	if (body.length === 0) return {};
	try {
		return JSON.parse(body.toString('utf8'));
	} catch {
		throw new BodyError('invalid');
	}
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string | string[]> = {}): void {
	const data = JSON.stringify(body);
	res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers });
	res.end(data);
}

/** Sends a file download (`disposition` from `attachment`), never cached. */
export function sendFile(res: ServerResponse, type: string, body: Buffer, disposition: string): void {
	res.writeHead(200, { 'content-type': type, 'content-disposition': disposition, 'cache-control': 'no-store', 'content-length': body.length });
	res.end(body);
}

/** Sends a refusal with the status its code maps to. */
export function sendRefusal(res: ServerResponse, code: ErrorCode, detail?: string, headers: Record<string, string | string[]> = {}): void {
	sendJson(res, httpStatusFor(code), refuse(code, detail), headers);
}

/**
 * Headers every response carries (pages get their CSP from SvelteKit). HSTS goes with https (our
 * PUBLIC_URL, or a proxy that says so) and, for a Zoom App (`hsts` true), on every response: Zoom's
 * client renders no HTML page without it, and a browser ignores it over plain http anyway.
 */
export function setSecurityHeaders(req: IncomingMessage, res: ServerResponse, hsts: boolean): void {
	res.setHeader('X-Content-Type-Options', 'nosniff');
	// Links carry tokens in their path: never leak them to other sites.
	res.setHeader('Referrer-Policy', 'no-referrer');
	res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
	res.setHeader('Permissions-Policy', 'camera=(), microphone=(), geolocation=()');
	if (hsts || req.headers['x-forwarded-proto'] === 'https') res.setHeader('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
}

/** Origin of the request as the browser sees it (PUBLIC_URL when set). */
export function originOf(req: IncomingMessage, publicUrl: string | null): string {
	if (publicUrl) return publicUrl;
	const proto = req.headers['x-forwarded-proto'] === 'https' ? 'https' : 'http';
	return `${proto}://${req.headers.host ?? 'localhost'}`;
}
