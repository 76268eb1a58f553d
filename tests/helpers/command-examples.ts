/**
 * A schema-valid example payload for every registered command, derived from its zod schema (through
 * the same `z.toJSONSchema` the command reference uses): required fields only, the first enum value,
 * the first non-null alternative, and ids that name nothing (so commands that change or remove an
 * existing record are refused with `not_found` instead of destroying the test's own links and rooms).
 *
 * A field the walker cannot fill (a new string pattern, a new format, a refinement the JSON schema
 * does not show) throws, and tests/integration/role-matrix.test.ts checks that every command's
 * example passes its own schema: a new command without a usable example fails that test.
 */
import { z } from 'zod';
import { ALL_COMMANDS } from '../../src/lib/shared/meeting/commands.js';
import type { CommandSpec } from '../../src/lib/shared/meeting/command-kit.js';

/** An id that matches the id schema but names no room, member, link, question or item. */
export const NO_SUCH_ID = 'noSuchId_matrix';

type JsonSchema = {
	type?: string | string[];
	const?: unknown;
	enum?: unknown[];
	anyOf?: JsonSchema[];
	oneOf?: JsonSchema[];
	properties?: Record<string, JsonSchema>;
	required?: string[];
	items?: JsonSchema;
	minItems?: number;
	minLength?: number;
	maxLength?: number;
	minimum?: number;
	maximum?: number;
	exclusiveMinimum?: number;
	pattern?: string;
	format?: string;
	default?: unknown;
};

/** Strings for patterns other than the plain id pattern; a new pattern needs an entry here. */
const PATTERN_EXAMPLES: Record<string, string> = {
	'^[A-Za-z0-9_-]+$': NO_SUCH_ID,
	// plenary item keys: `<roomId>:<item>`
	'^[A-Za-z0-9_-]{1,64}:[0-9a-z]{1,8}$': `${NO_SUCH_ID}:1`,
	// series ledger rows: `<meetingId>.<questionId>`
	'^[A-Za-z0-9_-]{1,64}\\.[A-Za-z0-9_-]{1,64}$': `${NO_SUCH_ID}.${NO_SUCH_ID}`
};

const FORMAT_EXAMPLES: Record<string, string> = {
	'date-time': '2021-06-04T14:00:00+09:00',
	uri: 'https://example.org/yoriai'
};

/** Strings for fields whose schema has a refinement the JSON schema does not carry. */
const FIELD_EXAMPLES: Record<string, string> = {
	timezone: 'Asia/Tokyo'
};

function exampleOf(s: JsonSchema, where: string, field: string): unknown {
	if (s.const !== undefined) return s.const;
	if (s.enum) return s.enum[0];
	const alternatives = s.anyOf ?? s.oneOf;
	if (alternatives) {
		const nonNull = alternatives.find((a) => a.type !== 'null');
		return exampleOf(nonNull ?? alternatives[0], where, field);
	}
	const type = Array.isArray(s.type) ? s.type.find((t) => t !== 'null') : s.type;
	switch (type) {
		case 'object': {
			const out: Record<string, unknown> = {};
			for (const key of s.required ?? []) out[key] = exampleOf(s.properties?.[key] ?? {}, `${where}.${key}`, key);
			return out;
		}
		case 'string': {
			if (s.format && !FORMAT_EXAMPLES[s.format]) throw new Error(`command-examples: no example for format ${s.format} at ${where}`);
			// A known format (date-time, uri) carries its own pattern: the format's example satisfies it.
			if (s.pattern && !(s.format && FORMAT_EXAMPLES[s.format]) && !PATTERN_EXAMPLES[s.pattern]) throw new Error(`command-examples: no example for pattern ${s.pattern} at ${where}`);
			const base = (s.format && FORMAT_EXAMPLES[s.format]) ?? (s.pattern && PATTERN_EXAMPLES[s.pattern]) ?? FIELD_EXAMPLES[field] ?? '例の文章 example';
			const max = s.maxLength ?? base.length;
			const min = s.minLength ?? 0;
			let str = base.slice(0, max);
			while (str.length < min) str += 'x';
			return str;
		}
		case 'integer':
		case 'number': {
			const min = s.minimum ?? (s.exclusiveMinimum !== undefined ? s.exclusiveMinimum + 1 : 1);
			return s.maximum !== undefined ? Math.min(min, s.maximum) : min;
		}
		case 'boolean':
			return true;
		case 'null':
			return null;
		case 'array': {
			const n = s.minItems ?? 0;
			return Array.from({ length: n }, (_, i) => exampleOf(s.items ?? {}, `${where}[${i}]`, field));
		}
		default:
			throw new Error(`command-examples: no example for schema ${JSON.stringify(s).slice(0, 120)} at ${where}`);
	}
}

/** A schema-valid (by construction; checked by the role matrix) example payload of `spec`. */
export function exampleCommand(spec: Pick<CommandSpec, 'type' | 'schema'>): Record<string, unknown> {
	const schema = z.toJSONSchema(spec.schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
	return exampleOf(schema, spec.type, '') as Record<string, unknown>;
}

/** Every registered command's spec, for iterating "over the registry". */
export const REGISTERED: readonly CommandSpec[] = ALL_COMMANDS as unknown as readonly CommandSpec[];

/** Every registered command type with its example, or the error that stopped the generator. */
export function allExamples(): { spec: CommandSpec; example: Record<string, unknown> | null; error: string | null }[] {
	return REGISTERED.map((spec) => {
		try {
			return { spec, example: exampleCommand(spec), error: null };
		} catch (err) {
			return { spec, example: null, error: (err as Error).message };
		}
	});
}
