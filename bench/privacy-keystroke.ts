/**
 * Benchmark: what marking possible personal information costs per keystroke in the board editor.
 * A facilitator types a line at the end of a 300-line board, one character at a time. Per keystroke
 * the editor already re-classifies the whole board for its decorations (`classifyLines`, the peer
 * in this run); the privacy marks add a check of the ~40 visible lines through the line cache
 * (`cachedFinder`: only the line typed on is new). Also shown: the same check without the cache,
 * and over the whole board. Medians of 5 rounds, microseconds per keystroke, as ratios to the peer.
 *
 *   npx tsx bench/privacy-keystroke.ts        (BENCH_QUICK=1 for one short round)
 */
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { classifyLines } from '../src/lib/shared/notes/outline.js';
import { cachedFinder, findPersonalInfo } from '../src/lib/shared/privacy/detect.js';

const QUICK = process.env.BENCH_QUICK === '1';
const ROUNDS = QUICK ? 1 : 5;
const LINES = 300;
const VISIBLE = 40;
const TYPED = '★● 要望：田中さんの件、千歳市在住の70代女性から090-1234-5678に連絡があり家賃の相談を受けた';

const SAMPLE = [
	'■住まいを失った人への対応',
	'● 民間団体の協力で一時的な宿泊先を確保しているが、正式に依頼できる仕組みがない',
	'★● 質問：一時生活支援事業を広域で行う場合、都道府県が主導すべきか',
	'  ・協定を結んで広域実施している自治体の例を参考にしてほしいとの回答',
	'● 課題：中核市に拠点を置くと、生活保護の実施機関との調整に不安が残る',
	'● 市の相談窓口 011-222-3333 に案内した'
];
const board = Array.from({ length: LINES }, (_, i) => SAMPLE[i % SAMPLE.length]);

function median(xs: number[]): number {
	const s = [...xs].sort((a, b) => a - b);
	return s[Math.floor(s.length / 2)];
}

/** Microseconds per keystroke of `work(lines)` while TYPED is typed onto the last line. */
function perKeystroke(work: (lines: string[]) => void): number {
	const lines = [...board, ''];
	const t0 = performance.now();
	for (let i = 1; i <= TYPED.length; i++) {
		lines[lines.length - 1] = TYPED.slice(0, i);
		work(lines);
	}
	return ((performance.now() - t0) * 1000) / TYPED.length;
}

const scenarios: [string, () => (lines: string[]) => void][] = [
	['peer: classifyLines over the whole board (the decorations today)', () => (lines) => void classifyLines(lines.join('\n'))],
	['privacy marks: visible lines through the cache', () => {
		const find = cachedFinder();
		return (lines) => {
			for (const l of lines.slice(-VISIBLE)) find(l);
		};
	}],
	['  without the cache: visible lines', () => (lines) => {
		for (const l of lines.slice(-VISIBLE)) findPersonalInfo(l);
	}],
	['  without the cache: the whole board', () => (lines) => {
		for (const l of lines) findPersonalInfo(l);
	}]
];

// Warm up every path once (JIT), then interleave the scenarios round by round.
for (const [, make] of scenarios) perKeystroke(make());
const results = scenarios.map(() => [] as number[]);
for (let r = 0; r < ROUNDS; r++) scenarios.forEach(([, make], i) => results[i].push(perKeystroke(make())));

const peer = median(results[0]);
console.log(`privacy marks per keystroke: ${LINES}-line board, ${VISIBLE} visible lines, ${TYPED.length} keystrokes, medians of ${ROUNDS}; load average ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
scenarios.forEach(([name], i) => {
	const us = median(results[i]);
	console.log(`  ${name.padEnd(66)} ${us.toFixed(1).padStart(8)} µs  ${i === 0 ? '' : `${(us / peer).toFixed(2)}× the peer`}`);
});
