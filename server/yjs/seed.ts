/** Writes a board's first text straight into the store's update log (demo meetings, imports). */
import * as Y from 'yjs';
import { BOARD_TEXT } from '../../src/lib/shared/notes/access.js';
import type { Store } from '../storage/types.js';

/** Appends `text` as one Yjs update to the board `docName` (meant for a board nobody has opened yet). */
export async function seedBoard(store: Store, docName: string, text: string): Promise<void> {
	const doc = new Y.Doc();
	doc.getText(BOARD_TEXT).insert(0, text);
	await store.appendUpdate(docName, Y.encodeStateAsUpdate(doc));
	doc.destroy();
}
