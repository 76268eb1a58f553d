/**
 * Seeded fuzzing: a small deterministic PRNG (mulberry32) and generators of hostile input — JSON
 * values, mutated commands, strings, headers, request lines, binary frames. Every generator takes
 * the Rng, so one seed (FUZZ_SEED) replays a whole run exactly.
 */

/** The run's seed: FUZZ_SEED when set (decimal or 0x hex), else a fixed one. */
export function fuzzSeed(): number {
	const raw = process.env.FUZZ_SEED;
	if (raw === undefined || raw === '') return 20_260_101; // fixed: the same inputs on every run
	const n = Number(raw);
	if (!Number.isInteger(n)) throw new Error(`FUZZ_SEED must be an integer, got ${JSON.stringify(raw)}`);
	return n >>> 0;
}

/** mulberry32: 32-bit state, good enough to pick inputs, fully reproducible. */
export class Rng {
	private state: number;

	constructor(readonly seed: number) {
		this.state = seed >>> 0;
	}

	/** A float in [0, 1). */
	next(): number {
		let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	}

	/** An integer in [0, n). */
	int(n: number): number {
		return Math.floor(this.next() * n);
	}

	/** An integer in [min, max]. */
	range(min: number, max: number): number {
		return min + this.int(max - min + 1);
	}

	bool(p = 0.5): boolean {
		return this.next() < p;
	}

	pick<T>(items: readonly T[]): T {
		return items[this.int(items.length)];
	}

	/** A child generator with its own stream (so adding cases to one category leaves the others alone). */
	fork(label: string): Rng {
		let h = this.seed ^ 0x9e3779b9;
		for (let i = 0; i < label.length; i++) h = Math.imul(h ^ label.charCodeAt(i), 0x01000193);
		return new Rng(h >>> 0);
	}

	bytes(n: number): Uint8Array {
		const out = new Uint8Array(n);
		for (let i = 0; i < n; i++) out[i] = this.int(256);
		return out;
	}
}

// ---------------------------------------------------------------------------------------------
// Strings

/** Strings that have broken parsers, loggers and databases before. */
export const NASTY_STRINGS: readonly string[] = [
	'',
	' ',
	'\u0000',
	'\u0000\u0001\u0002\u001f',
	'\r\n\r\n',
	'\ud800', // lone high surrogate
	'\udfff', // lone low surrogate
	'\ufeff', // BOM
	'\u202e\u202dRTL override',
	'e\u0301\u0301\u0301\u0301 combining',
	'Z̸̢̛͇̈́a̷̰̓l̶̰̈́g̴̣̈́o̶̤̓',
	'👨‍👩‍👧‍👦🇯🇵',
	'生活困窮者自立支援',
	'ｱｲｳｴｵ half-width',
	'\u3000全角スペース\u3000',
	'%00%2e%2e%2f',
	'../../etc/passwd',
	'<script>alert(1)</script>',
	"'; DROP TABLE events; --",
	'${{7*7}}',
	'{{constructor.constructor("return process")()}}',
	'__proto__',
	'constructor',
	'prototype',
	'toString',
	'hasOwnProperty',
	'NaN',
	'null',
	'undefined',
	'-0',
	'1e309',
	'\\',
	'"',
	'\\u0000'
];

const ALPHABETS = [
	'abcdefghijklmnopqrstuvwxyz0123456789',
	'ABCDEFGHIJKLMNOPQRSTUVWXYZ_-',
	'あいうえおかきくけこ漢字日本語議事録寄り合い',
	'\u0000\u0001\u0007\u001b\u007f\u0085\u00a0\u2028\u2029',
	'!"#$%&\'()*+,-./:;<=>?@[\\]^`{|}~',
	'😀🎌🗾𠀋𩸽'
];

export function randomString(rng: Rng, maxLen = 40): string {
	if (rng.bool(0.3)) return rng.pick(NASTY_STRINGS);
	const alphabet = [...rng.pick(ALPHABETS)];
	const n = rng.int(maxLen + 1);
	let s = '';
	for (let i = 0; i < n; i++) s += rng.pick(alphabet);
	return s;
}

/** A string of `n` characters of one kind (ASCII, kana, astral), for size limits. */
export function hugeString(rng: Rng, n: number): string {
	return rng.pick(['x', 'あ', '😀', '\u0000']).repeat(n);
}

// ---------------------------------------------------------------------------------------------
// JSON values

/** A random JSON-able value; `depth` bounds nesting. */
export function randomValue(rng: Rng, depth = 3): unknown {
	const k = rng.int(depth > 0 ? 10 : 7);
	switch (k) {
		case 0:
			return null;
		case 1:
			return rng.bool();
		case 2:
			return rng.pick([0, -1, 1, 0.5, -0, 2 ** 31, 2 ** 53 + 1, -(2 ** 63), 1e308, Number.MIN_VALUE, rng.int(1000)]);
		case 3:
		case 4:
			return randomString(rng);
		case 5:
			return rng.pick(['room.add', 'member.join', 'question.ask', 'organiser', 'display', 'noSuchId']);
		case 6:
			return rng.bool() ? [] : {};
		case 7:
			return Array.from({ length: rng.int(4) }, () => randomValue(rng, depth - 1));
		default: {
			const o: Record<string, unknown> = {};
			for (let i = rng.int(4); i > 0; i--) o[randomString(rng, 8)] = randomValue(rng, depth - 1);
			return o;
		}
	}
}

/** JSON text of an array or object nested `depth` deep. */
export function deepNesting(rng: Rng, depth: number): string {
	return rng.bool() ? '['.repeat(depth) + ']'.repeat(depth) : '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
}

// ---------------------------------------------------------------------------------------------
// Commands

export interface FuzzBody {
	/** What to send (JSON text, or not quite JSON). */
	text: string;
	/** What the mutation did, for the failure message. */
	how: string;
}

/**
 * A mutation of a valid command `example` (its type and fields), as the raw text of a body. Raw so
 * that keys like `__proto__` reach the server literally, as JSON.stringify would drop them.
 */
export function mutateCommand(rng: Rng, example: Record<string, unknown>, limitBytes: number): FuzzBody {
	const cmd: Record<string, unknown> = structuredClone(example);
	const fields = Object.keys(cmd).filter((k) => k !== 'type');
	const field = fields.length ? rng.pick(fields) : 'name';
	const op = rng.int(15);
	const json = (how: string) => ({ text: JSON.stringify(cmd), how });
	switch (op) {
		case 0:
			cmd[field] = randomValue(rng);
			return json(`${field} := random value`);
		case 1:
			delete cmd[field];
			return json(`drop ${field}`);
		case 2:
			cmd[randomString(rng, 12) || 'extra'] = randomValue(rng);
			return json('unknown field');
		case 3: {
			const key = rng.pick(['__proto__', 'constructor', 'prototype', '__defineGetter__', 'toString', 'hasOwnProperty']);
			const inner = rng.pick(['{"polluted":true}', '{"prototype":{"polluted":true}}', '"x"', 'null', '{"roles":["display"]}']);
			const body = JSON.stringify(cmd);
			const where = rng.bool() ? `{"${key}":${inner},${body.slice(1)}` : `${body.slice(0, -1)},"${key}":${inner}}`;
			return { text: where, how: `prototype key ${key}` };
		}
		case 4:
			cmd[field] = hugeString(rng, rng.pick([1000, 10_000, Math.floor(limitBytes / 3) + 1, limitBytes + 1]));
			return json(`${field} := huge string`);
		case 5:
			return { text: `{"type":${JSON.stringify(cmd.type)},"${field}":${deepNesting(rng, rng.pick([64, 1000, 10_000]))}}`, how: `${field} := deep nesting` };
		case 6:
			cmd[field] = rng.pick(NASTY_STRINGS);
			return json(`${field} := nasty string`);
		case 7:
			cmd.type = rng.pick([String(cmd.type).toUpperCase(), `${String(cmd.type)} `, `${String(cmd.type)}\u0000`, 'constructor', '__proto__', 'toString', '', 42, null, [cmd.type], { toString: cmd.type }]);
			return json('type mutated');
		case 8:
			cmd[field] = rng.pick([NaN, Infinity, -1, 1.5, 2 ** 53 + 1, -(2 ** 31), '1', true, [], {}, null]);
			return json(`${field} := wrong type`);
		case 9: {
			// Not quite JSON: truncated, trailing garbage, comments, duplicate keys, lone surrogate escapes.
			const body = JSON.stringify(cmd);
			return {
				text: rng.pick([
					body.slice(0, rng.int(body.length)),
					body + rng.pick(['garbage', ',', '}', '\u0000']),
					body.replace('{', '{/*c*/'),
					body.replace('{', `{"type":"room.add",`),
					body.replace('}', `,"${field}":"\\ud800"}`),
					'\ufeff' + body,
					body.replace(/"/g, "'")
				]),
				how: 'malformed JSON'
			};
		}
		case 10:
			return { text: JSON.stringify(rng.pick([[cmd], cmd.type, null, 0, true, [], ''])), how: 'not an object' };
		case 11:
			for (const f of fields) cmd[f] = randomValue(rng, 2);
			return json('every field random');
		case 12:
			return { text: JSON.stringify(randomValue(rng, 4)), how: 'random JSON' };
		case 14: {
			// Ids named like Object.prototype's members: they pass the id schema, and a plain-object
			// lookup (`state.rooms[id]`) finds the inherited property instead of nothing.
			const idFields = fields.filter((f) => typeof cmd[f] === 'string' && /^[A-Za-z0-9_-]+$/.test(String(cmd[f])) && /^noSuchId/.test(String(cmd[f])));
			const target = idFields.length ? rng.pick(idFields) : field;
			cmd[target] = rng.pick(PROTOTYPE_IDS);
			return json(`${target} := prototype-named id`);
		}
		default:
			return json('valid example');
	}
}

/** Names of Object.prototype members that are also valid ids (^[A-Za-z0-9_-]+$). */
export const PROTOTYPE_IDS = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', 'isPrototypeOf', 'propertyIsEnumerable', 'toLocaleString', '__defineGetter__', '__lookupSetter__'] as const;
