package dev.sigil.changefeed;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Predicate;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * A bounded cache of state read from the database that a change invalidates, and that a
 * load begun before an invalidation can never refill with what it read. Each invalidation
 * raises a generation before it removes entries; a load notes the generation before it
 * reads, and stores its entry (in the map's per-key atomic {@code compute}) only if the
 * generation is unchanged. An invalidation that raised the generation first makes the
 * load keep nothing; one that raises it after the entry is stored removes the entry.
 * There is no order in which a stale entry is stored or seen after the invalidation.
 * Caffeine bounds the size and the age (a last safety net should an invalidation ever be
 * missed).
 *
 * @param <K> the key
 * @param <V> the value; null means "nothing to hold" and is never cached
 */
public final class VersionedCache<K, V> {

	private final Cache<K, Versioned<V>> cache;

	private final AtomicLong generation = new AtomicLong();

	public VersionedCache(long maximumSize, Duration maximumAge) {
		this.cache = Caffeine.newBuilder().maximumSize(maximumSize).expireAfterWrite(maximumAge).build();
	}

	/** The held value, or null. */
	public V getIfPresent(K key) {
		Versioned<V> held = this.cache.getIfPresent(key);
		return (held != null) ? held.value() : null;
	}

	/**
	 * The held value, else the loader's, which is kept unless an invalidation happened
	 * while it was loading. The loader runs on the caller's thread; it may return null
	 * (nothing is kept).
	 */
	public V get(K key, Function<? super K, ? extends V> loader) {
		Versioned<V> held = this.cache.getIfPresent(key);
		if (held != null) {
			return held.value();
		}
		long before = this.generation.get();
		V value = loader.apply(key);
		if (value != null) {
			Versioned<V> loaded = new Versioned<>(value, before);
			this.cache.asMap().compute(key, (k, old) -> (this.generation.get() == before) ? loaded : old);
		}
		return value;
	}

	/** Drops the key's entry, and any load of it in flight. */
	public void invalidate(K key) {
		this.generation.incrementAndGet();
		this.cache.invalidate(key);
	}

	/** Drops every entry whose value matches, and any load in flight. */
	public void invalidateIf(Predicate<? super V> which) {
		this.generation.incrementAndGet();
		this.cache.asMap().values().removeIf((held) -> which.test(held.value()));
	}

	/** Drops everything, and any load in flight. */
	public void invalidateAll() {
		this.generation.incrementAndGet();
		this.cache.invalidateAll();
	}

	public long estimatedSize() {
		return this.cache.estimatedSize();
	}

	/** A value and the generation its load began in. */
	private record Versioned<V>(V value, long generation) {
	}

}
