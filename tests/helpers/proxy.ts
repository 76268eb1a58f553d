/**
 * A real nginx in front of Yoriai instances, rendered from deploy/nginx/yoriai.conf (the file
 * operators deploy): the lines marked `# @instance`, `# @listen`, `# @access_log` are replaced, the
 * rest is used as is. nginx runs as a child process in the foreground with its prefix, pid file,
 * logs and temp paths in a fresh temporary directory, listening on a free 127.0.0.1 port.
 *
 * Also `startProxiedApps()`: Redis + two production builds (tests/helpers/app.ts) + this proxy, for
 * e2e tests of the long-polling fallback across instances.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { startApp, type App } from './app.js';
import { findExecutable, freePort, spawnDaemon } from './daemon.js';
import { startRedis, type RedisServer } from './redis-server.js';
import { ROOT, tempDir } from './server.js';

/** The deployable configuration this helper renders. */
export const NGINX_CONF = join(ROOT, 'deploy', 'nginx', 'yoriai.conf');

export interface ProxyLogEntry {
	method: string;
	/** Request path (`/j/…` tokens removed by the config's own log format). */
	path: string;
	/** socket.io query parameters (empty strings elsewhere). */
	transport: string;
	sid: string;
	status: number;
	/** `host:port` of the instance that answered, as nginx chose it. */
	upstream: string;
	upstream_status: string;
	/** The sticky key: the `yoriai_lb` cookie, or the request id that became it. */
	lb: string;
}

export interface Proxy {
	/** `http://127.0.0.1:<port>` */
	url: string;
	port: number;
	/** The temporary directory (rendered config, logs); removed by stop(). */
	dir: string;
	/** Every request nginx logged so far (its access log, in the config's `yoriai` format). */
	accessLog(): ProxyLogEntry[];
	/** nginx's error log so far. */
	errorLog(): string;
	stop(): Promise<void>;
}

/** /usr/sbin/nginx, else the first nginx on PATH; throws one clear line if none. */
const findNginx = () => findExecutable('nginx', ['/usr/sbin', '/usr/local/sbin'], 'nginx not found: install it (apt-get install nginx) — the proxy tests run a real one');

/**
 * The site file with its marked lines replaced: one `server` line per upstream (`host:port`), the
 * listen address, and the access log path. Throws if a marker is missing (the file drifted).
 */
export function renderSiteConf(opts: { listen: string; upstreams: string[]; accessLog: string; source?: string; blockWebSockets?: boolean }): string {
	const source = opts.source ?? readFileSync(NGINX_CONF, 'utf8');
	const seen = new Set<string>();
	const out: string[] = [];
	for (const line of source.split('\n')) {
		const m = /^(\s*)\S.*#\s*@(instance|listen|access_log|server_name)\s*$/.exec(line);
		if (!m) {
			out.push(line);
			continue;
		}
		const [, indent, marker] = m;
		seen.add(marker);
		if (marker === 'instance') {
			// All instance lines are replaced by the given list, at the first one's place.
			if (seen.has('instance:done')) continue;
			seen.add('instance:done');
			const options = /^\s*server\s+\S+\s+([^;#]*);/.exec(line)?.[1]?.trim();
			for (const u of opts.upstreams) out.push(`${indent}server ${u}${options ? ' ' + options : ''};`);
		} else if (marker === 'listen') {
			out.push(`${indent}listen ${opts.listen};`);
			// Like a network (or its proxy) that refuses WebSockets: every upgrade is answered 403.
			if (opts.blockWebSockets) out.push(`${indent}if ($http_upgrade) { return 403; }`);
		} else if (marker === 'access_log') out.push(`${indent}access_log ${opts.accessLog} yoriai;`);
		else out.push(line);
	}
	for (const marker of ['instance', 'listen', 'access_log']) if (!seen.has(marker)) throw new Error(`${NGINX_CONF}: no line marked # @${marker}`);
	return out.join('\n');
}

/** A minimal main configuration around the site file, with every path inside `dir`. */
function mainConf(dir: string, site: string): string {
	const temp = (name: string) => join(dir, 'temp', name);
	for (const name of ['body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) mkdirSync(temp(name), { recursive: true });
	return [
		// As root, workers would otherwise run as `nobody` and could not write the temporary directory.
		...(process.getuid?.() === 0 ? ['user root;'] : []),
		'worker_processes 1;',
		`pid ${join(dir, 'nginx.pid')};`,
		`error_log ${join(dir, 'error.log')} warn;`,
		'events { worker_connections 1024; }',
		'http {',
		`    client_body_temp_path ${temp('body')};`,
		`    proxy_temp_path ${temp('proxy')};`,
		`    fastcgi_temp_path ${temp('fastcgi')};`,
		`    uwsgi_temp_path ${temp('uwsgi')};`,
		`    scgi_temp_path ${temp('scgi')};`,
		`    include ${site};`,
		'}',
		''
	].join('\n');
}

function connects(port: number): Promise<boolean> {
	return new Promise((resolve) => {
		const socket = createConnection({ host: '127.0.0.1', port });
		socket.once('connect', () => {
			socket.destroy();
			resolve(true);
		});
		socket.once('error', () => resolve(false));
	});
}

/**
 * Starts nginx in front of `upstreams` (ports on 127.0.0.1, or `host:port`) and resolves once it
 * accepts connections. The configuration is checked first (`nginx -t`), so a broken file fails with
 * nginx's own message.
 */
export interface ProxyOptions {
	startTimeoutMs?: number;
	/** Refuse every WebSocket upgrade (403), as networks that block WebSockets do: clients must fall back to long-polling. */
	blockWebSockets?: boolean;
	/** Another site file's text instead of deploy/nginx/yoriai.conf (same markers). */
	source?: string;
}

export async function startProxy(upstreams: (number | string)[], opts: ProxyOptions = {}): Promise<Proxy> {
	if (!upstreams.length) throw new Error('startProxy: no upstreams');
	const bin = findNginx();
	const dir = tempDir('yoriai-nginx-');
	const port = await freePort();
	const accessLogPath = join(dir, 'access.log');
	const errorLogPath = join(dir, 'error.log');
	const sitePath = join(dir, 'yoriai.conf');
	const confPath = join(dir, 'nginx.conf');
	writeFileSync(sitePath, renderSiteConf({ listen: `127.0.0.1:${port}`, upstreams: upstreams.map((u) => (typeof u === 'number' ? `127.0.0.1:${u}` : u)), accessLog: accessLogPath, source: opts.source, blockWebSockets: opts.blockWebSockets }));
	writeFileSync(confPath, mainConf(dir, sitePath));
	// -e: the startup error log too (the compiled-in /var/log/nginx/error.log may not be writable).
	const args = ['-p', dir, '-e', errorLogPath, '-c', confPath];

	const check = spawnSync(bin, [...args, '-t'], { encoding: 'utf8' });
	if (check.status !== 0) {
		rmSync(dir, { recursive: true, force: true });
		throw new Error(`nginx -t rejected the rendered ${NGINX_CONF}:\n${check.stderr}`);
	}

	const daemon = spawnDaemon(bin, [...args, '-g', 'daemon off;']);
	const errorLog = () => (existsSync(errorLogPath) ? readFileSync(errorLogPath, 'utf8') : '');

	const deadline = Date.now() + (opts.startTimeoutMs ?? 10_000);
	while (!(await connects(port))) {
		if (daemon.exited || Date.now() > deadline) {
			if (!daemon.exited) daemon.child.kill('SIGKILL');
			await daemon.exit;
			const log = errorLog();
			rmSync(dir, { recursive: true, force: true });
			throw new Error(`nginx did not listen on 127.0.0.1:${port}:\n${daemon.output()}\n${log}`);
		}
		await sleep(20);
	}

	let stopping: Promise<void> | null = null;
	return {
		url: `http://127.0.0.1:${port}`,
		port,
		dir,
		accessLog: () =>
			(existsSync(accessLogPath) ? readFileSync(accessLogPath, 'utf8') : '')
				.split('\n')
				.filter(Boolean)
				.map((line) => JSON.parse(line) as ProxyLogEntry),
		errorLog,
		stop: () =>
			(stopping ??= (async () => {
				// SIGQUIT would wait for open long-polls and WebSockets; SIGTERM is nginx's fast shutdown.
				if (!daemon.exited) daemon.child.kill('SIGTERM');
				const timer = setTimeout(() => daemon.child.kill('SIGKILL'), 5_000);
				await daemon.exit;
				clearTimeout(timer);
				rmSync(dir, { recursive: true, force: true });
			})())
	};
}

export interface ProxiedApps {
	/** The proxy's URL: what the browser opens. */
	url: string;
	proxy: Proxy;
	/** The instances, each reachable directly at its own `url` too. */
	apps: App[];
	redis: RedisServer;
	/** Stops the proxy, the apps and Redis (in that order); runs every step even if one fails. */
	stop(): Promise<void>;
}

/**
 * Redis, `count` (2) production builds on it (`npm run build` first, as for startApp) and nginx in
 * front of them; `blockWebSockets` makes the proxy refuse upgrades, so the browser must long-poll.
 * `env` goes to every instance (REDIS_URL is set here; no PUBLIC_URL by default, so the instances
 * take their origin from the Host header nginx passes on: the proxy's).
 */
export async function startProxiedApps(opts: { count?: number; env?: Record<string, string>; blockWebSockets?: boolean } = {}): Promise<ProxiedApps> {
	const redis = await startRedis();
	const apps: App[] = [];
	let proxy: Proxy | null = null;
	const stop = async () => {
		const errors: unknown[] = [];
		const attempt = async (fn: () => unknown) => {
			try {
				await fn();
			} catch (err) {
				errors.push(err);
			}
		};
		if (proxy) await attempt(() => proxy!.stop());
		await Promise.all(apps.map((a) => attempt(() => a.stop())));
		for (const a of apps) await attempt(() => rmSync(a.dataDir, { recursive: true, force: true }));
		await attempt(() => redis.stop());
		if (errors.length) throw errors[0];
	};
	try {
		// One after the other: the first generates the shared session secret in Redis, the rest read it.
		for (let i = 0; i < (opts.count ?? 2); i++) apps.push(await startApp({ ...opts.env, REDIS_URL: redis.url }));
		proxy = await startProxy(apps.map((a) => a.port), { blockWebSockets: opts.blockWebSockets });
	} catch (err) {
		await stop().catch(() => undefined);
		throw err;
	}
	return { url: proxy.url, proxy, apps, redis, stop };
}
