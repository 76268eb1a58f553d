/** Events of the privacy slice: the retention setting and the audit trail (exports, purges). */
import type { AuditedExport } from './types.js';

export type PrivacyEvent =
	| { type: 'privacy.retentionSet'; days: number | null }
	| { type: 'privacy.exported'; what: AuditedExport; version: 'internal' | 'public'; includedConfidential: boolean; by: string }
	| { type: 'privacy.purged'; boards: number };
