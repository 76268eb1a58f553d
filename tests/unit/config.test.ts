/**
 * readConfig: a wrong environment value stops start-up with one clear line that names the variable.
 */
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, readConfig } from '../../server/config.js';

function errorOf(env: Record<string, string>): ConfigError {
	try {
		readConfig(env);
	} catch (err) {
		if (err instanceof ConfigError) return err;
		throw err;
	}
	throw new Error(`readConfig accepted ${JSON.stringify(env)}`);
}

describe('readConfig', () => {
	it('has working defaults for a fresh machine', () => {
		expect(readConfig({})).toEqual({
			port: 3000,
			host: '0.0.0.0',
			dataDir: resolve('./data'),
			redisUrl: null,
			publicUrl: null,
			sessionSecret: null,
			adminToken: null,
			logLevel: 'info',
			trustProxy: 0,
			meetingsInMemory: 1000,
			zoomApp: false
		});
	});

	it('reads every variable', () => {
		expect(
			readConfig({
				PORT: '8080',
				HOST: '127.0.0.1',
				DATA_DIR: '/var/lib/yoriai',
				REDIS_URL: 'redis://10.0.0.5:6379',
				PUBLIC_URL: 'https://yoriai.example.jp/',
				SESSION_SECRET: 's'.repeat(32),
				ADMIN_TOKEN: 'a'.repeat(16),
				LOG_LEVEL: 'warn',
				MEETINGS_IN_MEMORY: '250',
				ZOOM_APP: '1'
			})
		).toEqual({
			port: 8080,
			host: '127.0.0.1',
			dataDir: '/var/lib/yoriai',
			redisUrl: 'redis://10.0.0.5:6379',
			publicUrl: 'https://yoriai.example.jp',
			sessionSecret: 's'.repeat(32),
			adminToken: 'a'.repeat(16),
			logLevel: 'warn',
			trustProxy: 0,
			meetingsInMemory: 250,
			zoomApp: true
		});
	});

	it('treats empty values as unset', () => {
		expect(readConfig({ PORT: '', REDIS_URL: '', PUBLIC_URL: ' ', SESSION_SECRET: '', ADMIN_TOKEN: '' })).toMatchObject({
			port: 3000,
			redisUrl: null,
			publicUrl: null,
			sessionSecret: null,
			adminToken: null
		});
	});

	it('accepts PORT=0 (a free port) and rediss:// URLs', () => {
		expect(readConfig({ PORT: '0', REDIS_URL: 'rediss://user:pw@cache.example:6380/1' })).toMatchObject({ port: 0, redisUrl: 'rediss://user:pw@cache.example:6380/1' });
	});

	it.each([
		['PORT', { PORT: 'abc' }],
		['PORT', { PORT: '70000' }],
		['PORT', { PORT: '-1' }],
		['PORT', { PORT: '80.5' }],
		['REDIS_URL', { REDIS_URL: 'localhost:6379' }],
		['REDIS_URL', { REDIS_URL: 'http://localhost:6379' }],
		['PUBLIC_URL', { PUBLIC_URL: 'yoriai.example.jp' }],
		['PUBLIC_URL', { PUBLIC_URL: 'ftp://yoriai.example.jp' }],
		['SESSION_SECRET', { SESSION_SECRET: 'too-short' }],
		['ADMIN_TOKEN', { ADMIN_TOKEN: 'short' }],
		['LOG_LEVEL', { LOG_LEVEL: 'loud' }],
		['ZOOM_APP', { ZOOM_APP: 'yes please' }],
		['MEETINGS_IN_MEMORY', { MEETINGS_IN_MEMORY: '0' }],
		['MEETINGS_IN_MEMORY', { MEETINGS_IN_MEMORY: 'many' }]
	])('a bad %s gives one line naming it (%o)', (name, env) => {
		const err = errorOf(env);
		expect(err.message).toContain(name);
		expect(err.message).not.toContain('\n');
		expect(err.message.length).toBeLessThan(200);
	});

	it('shows the wrong value so the operator can spot the typo', () => {
		expect(errorOf({ PORT: '30o0' }).message).toContain('30o0');
		expect(errorOf({ REDIS_URL: 'localhost:6379' }).message).toContain('localhost:6379');
	});

	it('never echoes the secret it refuses', () => {
		expect(errorOf({ SESSION_SECRET: 'hunter2' }).message).not.toContain('hunter2');
		expect(errorOf({ ADMIN_TOKEN: 'hunter2' }).message).not.toContain('hunter2');
	});
});
