/**
 * A board's local changes that IndexedDB has not yet confirmed, kept in localStorage as well.
 *
 * y-indexeddb writes each change in a transaction of its own, and a transaction still in flight
 * when the tab closes is lost: a line typed just before closing an offline tab would be gone.
 * localStorage writes are synchronous, so this journal holds every local change until a later
 * IndexedDB transaction on the same store has completed (transactions on one store complete in
 * the order they were created), and the next page applies whatever a closed page left in it.
 * Applying a Yjs update twice changes nothing, so a change both stored and journalled is harmless.
 */
import { fromBase64, toBase64 } from 'lib0/buffer';
import type { IndexeddbPersistence } from 'y-indexeddb';
import * as Y from 'yjs';

const PREFIX = 'yoriai-unconfirmed:';

export class UnconfirmedJournal {
	/** Local changes not yet confirmed, oldest first. */
	private pending: Uint8Array[] = [];
	/** Entries left by closed pages, applied here, removed once confirmed. */
	private adopted: string[] = [];
	private checking = false;
	private readonly prefix: string;
	private readonly key: string;

	/**
	 * @param name the IndexedDB name of the board's local copy
	 * @param isLocal whether a Y.Doc update's origin is this page's own edit (not the server's, not the stored copy's)
	 */
	constructor(
		name: string,
		private readonly doc: Y.Doc,
		private readonly persistence: IndexeddbPersistence,
		private readonly isLocal: (origin: unknown) => boolean
	) {
		this.prefix = `${PREFIX}${name}:`;
		this.key = `${this.prefix}${doc.clientID}`;
		doc.on('update', this.onUpdate);
	}

	/** Applies what closed pages left unconfirmed. Call once the IndexedDB copy has been read. */
	restore(): void {
		for (const key of storedKeys(this.prefix)) {
			const saved = readEntry(key);
			if (key !== this.key) this.adopted.push(key);
			if (!saved) continue;
			try {
				// y-indexeddb stores it like any other change (the origin is not the persistence).
				Y.applyUpdate(this.doc, saved, this);
			} catch {
				// not a Yjs update (written by something else): dropped with the entry
			}
		}
		this.confirmSoon();
	}

	/** Forgets everything (access is gone, or the local copy is dropped). */
	clear(): void {
		this.stop();
		this.pending = [];
		for (const key of [...storedKeys(this.prefix), this.key]) removeEntry(key);
	}

	/** Stops journalling; what is unconfirmed stays for the next page. */
	stop(): void {
		this.doc.off('update', this.onUpdate);
	}

	private onUpdate = (update: Uint8Array, origin: unknown) => {
		if (origin === this || !this.isLocal(origin)) return;
		this.pending.push(update);
		this.write();
		this.confirmSoon();
	};

	private write() {
		if (this.pending.length === 0) return removeEntry(this.key);
		try {
			localStorage.setItem(this.key, toBase64(Y.mergeUpdates(this.pending)));
		} catch {
			// Storage full or unavailable: IndexedDB still has every change that committed.
		}
	}

	/** Waits for IndexedDB to have committed everything written so far, then drops it from the journal. */
	private confirmSoon() {
		const db = this.persistence.db;
		// Before the copy is read, y-indexeddb keeps nothing: restore() confirms once it is.
		if (this.checking || !db || !this.persistence.synced) return;
		const count = this.pending.length;
		const adopted = this.adopted.length;
		let tx: IDBTransaction;
		try {
			tx = db.transaction(['updates'], 'readonly');
			tx.objectStore('updates').count();
		} catch {
			return; // the database is closing: the journal stays for the next page
		}
		this.checking = true;
		tx.oncomplete = () => {
			this.checking = false;
			this.pending.splice(0, count);
			for (const key of this.adopted.splice(0, adopted)) removeEntry(key);
			this.write();
			if (this.pending.length > 0 || this.adopted.length > 0) this.confirmSoon();
		};
		tx.onabort = () => {
			this.checking = false;
		};
	}
}

function storedKeys(prefix: string): string[] {
	const keys: string[] = [];
	try {
		for (let i = 0; i < localStorage.length; i++) {
			const key = localStorage.key(i);
			if (key?.startsWith(prefix)) keys.push(key);
		}
	} catch {
		// no localStorage
	}
	return keys;
}

function readEntry(key: string): Uint8Array | null {
	try {
		const value = localStorage.getItem(key);
		return value ? fromBase64(value) : null;
	} catch {
		return null; // unreadable: IndexedDB's copy is what there is
	}
}

function removeEntry(key: string): void {
	try {
		localStorage.removeItem(key);
	} catch {
		// no localStorage
	}
}
