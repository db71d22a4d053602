package dev.sigil.keystore.crypto;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The key-encryption keys this server holds: the current one, which seals new keys, and
 * any previous ones still needed to open keys sealed before a KEK rotation.
 */
public final class KeyEncryptionKeys {

	private final KeyEncryptionKey current;

	private final Map<String, KeyEncryptionKey> byId = new LinkedHashMap<>();

	public KeyEncryptionKeys(KeyEncryptionKey current, List<KeyEncryptionKey> previous) {
		if (current == null) {
			throw new IllegalArgumentException("A current key-encryption key is required");
		}
		this.current = current;
		this.byId.put(current.id(), current);
		for (KeyEncryptionKey key : previous) {
			this.byId.putIfAbsent(key.id(), key);
		}
	}

	public KeyEncryptionKey current() {
		return this.current;
	}

	public Optional<KeyEncryptionKey> byId(String id) {
		return Optional.ofNullable(this.byId.get(id));
	}

	@Override
	public String toString() {
		return "KeyEncryptionKeys" + this.byId.keySet();
	}

}
