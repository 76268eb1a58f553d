/**
 * A Map bounded to `max` entries that drops the least recently used first (a `get` or a `set`
 * counts as a use; `peek` does not). For caches whose entries can always be read again.
 */
export class RecentMap<K, V> {
	private readonly map = new Map<K, V>();

	constructor(private readonly max: number) {
		if (!(max >= 1)) throw new Error('RecentMap: max must be at least 1');
	}

	/** The value, marked as just used. */
	get(key: K): V | undefined {
		const value = this.map.get(key);
		if (value !== undefined) {
			this.map.delete(key);
			this.map.set(key, value);
		}
		return value;
	}

	/** The value, leaving its place in the order alone (for jobs that visit every entry). */
	peek(key: K): V | undefined {
		return this.map.get(key);
	}

	/** Stores the value as just used; drops the least recently used entry when over `max`. */
	set(key: K, value: V): this {
		this.map.delete(key);
		this.map.set(key, value);
		if (this.map.size > this.max) this.map.delete(this.map.keys().next().value as K);
		return this;
	}

	has(key: K): boolean {
		return this.map.has(key);
	}

	delete(key: K): boolean {
		return this.map.delete(key);
	}

	get size(): number {
		return this.map.size;
	}
}
