/**
 * Bullets that behave as in Word: Enter at the end of (or inside) a ● or ・ line starts the next
 * line with the same bullet and indentation; Enter on a bullet with nothing after it ends the list
 * (the bullet goes, the line stays). Pure: the editor asks this what an Enter means on a line.
 */

/** Indentation, an optional ★ (share mark), the bullet, the spacing after it, the rest. */
const BULLET_LINE = /^([ \t\u3000]*)(★?)([●・])([ \t\u3000]*)(.*)$/;

export type BulletEnter =
	/** Insert this text at the cursor (a line break and the next line's bullet). */
	| { insert: string }
	/** Replace the whole line with an empty one: the list ends. */
	| { endList: true };

/**
 * What Enter does on `line` with the cursor at `offset` (0 = start of the line), or null for a plain
 * line break (not a ● / ・ line, or the cursor before the bullet).
 */
export function bulletEnter(line: string, offset: number): BulletEnter | null {
	const m = BULLET_LINE.exec(line);
	if (!m) return null;
	const [, indent, star, bullet, spacing, rest] = m;
	const afterBullet = indent.length + star.length + bullet.length;
	if (offset < afterBullet) return null;
	if (rest.trim() === '') return { endList: true };
	// The next line gets the bullet, not the ★: sharing is decided line by line.
	return { insert: `\n${indent}${bullet}${spacing}` };
}
