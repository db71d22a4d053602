package dev.sigil.keystore.ring;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.nimbusds.jose.jwk.JWK;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import dev.sigil.changefeed.VersionedCache;
import dev.sigil.keystore.KeyState;
import dev.sigil.keystore.KeyStorage;
import dev.sigil.keystore.SigningKey;
import dev.sigil.keystore.SigningKeyRepository;
import dev.sigil.keystore.crypto.KeyDecryptionException;
import dev.sigil.keystore.crypto.PrivateKeySealer;
import dev.sigil.keystore.crypto.SigningProvider;
import dev.sigil.keystore.pkcs11.Pkcs11Token;

/**
 * Serves each org's keys from memory, so that signing and the JWKS need no database round
 * trip. An org's entry is loaded on first use, dropped whenever its keys change (here or,
 * through {@link KeyRingSync}, on another replica), and reloaded when a retired key's
 * publication ends. The cache is versioned: a load that read the database before a change
 * can never keep what it read.
 * <p>
 * Nothing is published or signs until {@link KeyOpener} has proven it whole. An org with
 * any stored key that fails (a record changed in the database, a KEK not held) signs
 * nothing: its token requests answer 503 naming the kid, readiness is DOWN, and
 * {@link KeyAlarm} records why. {@link #reverify()} compares what is held with the rows
 * every maintenance run, so a record changed behind the application's back is found
 * within a minute.
 */
@Component
public class KeyRing {

	private static final Logger logger = LoggerFactory.getLogger(KeyRing.class);

	/**
	 * A bound on the orgs held, and an age past which an entry is read again whatever
	 * happened.
	 */
	private final VersionedCache<UUID, Entry> cache = new VersionedCache<>(100_000, Duration.ofMinutes(15));

	private final Map<UUID, String> unavailable = new ConcurrentHashMap<>();

	/**
	 * The public JWK of each token key this replica has proven against its object, by
	 * kid: what may stay published while the token cannot be asked. Bounded, since
	 * deleted keys are never removed one by one.
	 */
	private final Cache<String, String> provenInToken = Caffeine.newBuilder().maximumSize(200_000).build();

	private final SigningKeyRepository repository;

	private final KeyOpener opener;

	private final KeyAlarm alarm;

	private final JdbcClient jdbc;

	private final Clock clock;

	private final Pkcs11Token token;

	KeyRing(SigningKeyRepository repository, PrivateKeySealer sealer, KeyAlarm alarm, JdbcClient jdbc, Clock clock,
			SigningProvider provider, Optional<Pkcs11Token> token) {
		this.repository = repository;
		this.token = token.orElse(null);
		this.opener = new KeyOpener(sealer, provider, this.token);
		this.alarm = alarm;
		this.jdbc = jdbc;
		this.clock = clock;
	}

	/**
	 * The org's keys; when any of its keys cannot be proven, they publish what can but do
	 * not sign.
	 */
	public OrgKeys keys(UUID orgId) {
		Instant now = this.clock.instant();
		Entry entry = this.cache.getIfPresent(orgId);
		if (entry != null && !entry.validUntil().isAfter(now)) {
			this.cache.invalidate(orgId);
			entry = null;
		}
		if (entry == null) {
			entry = this.cache.get(orgId, (id) -> load(id, now));
		}
		return entry.keys();
	}

	/** Forgets everything held; every org's next use reads the database again. */
	public void invalidateAll() {
		this.cache.invalidateAll();
	}

	/** Forgets what is held for the org; the next use reads the database again. */
	public void invalidate(UUID orgId) {
		this.cache.invalidate(orgId);
	}

	/**
	 * Loads every org's keys, so that a key that cannot be opened is reported at start-up
	 * rather than at the first token request.
	 */
	public void warmUp() {
		Instant now = this.clock.instant();
		for (UUID orgId : this.repository.findOrgIds()) {
			this.cache.invalidate(orgId);
			this.cache.get(orgId, (id) -> load(id, now));
		}
	}

	/**
	 * Compares every org's stored keys with what is held, in one query, and loads again
	 * (proving every key anew) the orgs whose rows differ: a record changed in the
	 * database without an admin event, by someone who is not Sigil, is found here.
	 */
	public void reverify() {
		Instant now = this.clock.instant();
		Map<UUID, Fingerprint> stored = new ConcurrentHashMap<>();
		this.jdbc.sql("""
				select org_id, kid, state, storage, kek_id, public_jwk, md5(private_key_ciphertext) as sealed,
				       unpublish_at
				from signing_key where state <> 'REVOKED' order by org_id, kid
				""").query((rs) -> {
			Timestamp unpublish = rs.getTimestamp("unpublish_at");
			if (!KeyState.valueOf(rs.getString("state")).equals(KeyState.RETIRED) || unpublish == null
					|| unpublish.toInstant().isAfter(now)) {
				stored.computeIfAbsent(rs.getObject("org_id", UUID.class), (org) -> new Fingerprint())
					.add(rs.getString("kid"), rs.getString("state"), rs.getString("storage"), rs.getString("kek_id"),
							rs.getString("public_jwk"), rs.getString("sealed"));
			}
		});
		stored.forEach((orgId, fingerprint) -> {
			Entry held = this.cache.getIfPresent(orgId);
			if (held != null && !held.fingerprint().equals(fingerprint.digest())) {
				logger.warn("The stored keys of org={} differ from those held: loading and proving them again", orgId);
				this.cache.invalidate(orgId);
				keys(orgId);
			}
		});
		reverifyToken(stored);
	}

	/**
	 * Loads again the orgs whose keys held in the token are no longer all there (deleted
	 * behind Sigil's back, or the token lost): the load finds which and turns the org
	 * unavailable. One listing of the token per run, whatever the number of orgs.
	 */
	private void reverifyToken(Map<UUID, Fingerprint> stored) {
		if (this.token == null) {
			return;
		}
		Set<String> present;
		try {
			present = this.token.kids();
		}
		catch (RuntimeException ex) {
			// Unreachable is not missing: what is held stays, and a failed signature has
			// its
			// org proven again.
			logger.error("Cannot list the signing keys in the token: {}", ex.getMessage());
			return;
		}
		for (Map.Entry<UUID, Fingerprint> org : stored.entrySet()) {
			Set<String> kids = org.getValue().tokenKids();
			if (kids.isEmpty() || this.cache.getIfPresent(org.getKey()) == null) {
				continue;
			}
			boolean missing = !present.containsAll(kids);
			if (missing) {
				logger.warn("A signing key of org={} is missing from the token: loading and proving its keys again",
						org.getKey());
			}
			// An org that could not sign while the token was unreachable is tried again
			// once its keys are listed.
			if (missing || this.unavailable.containsKey(org.getKey())) {
				this.cache.invalidate(org.getKey());
				keys(org.getKey());
			}
		}
	}

	/**
	 * Signing with the org's active key failed (a token object gone, a token
	 * unreachable): forgets what is held so that the next request proves the keys again,
	 * and reports the failure.
	 */
	public void signingFailed(UUID orgId, String kid, String reason) {
		this.cache.invalidate(orgId);
		this.alarm.report(orgId, kid, "Signing failed: " + reason);
	}

	/**
	 * Orgs whose keys cannot all be used now, with the reason (which kid, which KEK, what
	 * failed). An org found unusable whose entry was dropped since (its keys changed:
	 * repaired, revoked, deleted) is loaded again first, so the answer is never older
	 * than the keys.
	 */
	public Map<UUID, String> unavailable() {
		for (UUID orgId : java.util.List.copyOf(this.unavailable.keySet())) {
			if (this.cache.getIfPresent(orgId) == null) {
				try {
					keys(orgId);
				}
				catch (RuntimeException ex) {
					logger.warn("Could not check the keys of org={} again: {}", orgId, ex.getMessage());
				}
			}
		}
		return Map.copyOf(this.unavailable);
	}

	private Entry load(UUID orgId, Instant now) {
		ActiveKey active = null;
		String unusable = null;
		Instant validUntil = Instant.MAX;
		List<JWK> published = new ArrayList<>();
		Fingerprint fingerprint = new Fingerprint();
		for (SigningKey key : this.repository.findByOrgIdOrderByCreatedAtAsc(orgId)) {
			if (!key.isPublishedAt(now)) {
				continue;
			}
			if (key.getState() == KeyState.RETIRED && key.getUnpublishAt() != null
					&& key.getUnpublishAt().isBefore(validUntil)) {
				validUntil = key.getUnpublishAt();
			}
			fingerprint.add(key.getKid(), key.getState().name(), key.getStorage().name(), key.getKekId(),
					key.getPublicJwk(),
					(key.getStorage() == KeyStorage.DATABASE) ? md5(key.sealedPrivateKey().ciphertext()) : null);
			try {
				KeyOpener.Opened opened = this.opener.open(key);
				published.add(opened.pair().toPublicJWK());
				if (key.getStorage() == KeyStorage.PKCS11) {
					this.provenInToken.put(key.getKid(), key.getPublicJwk());
				}
				if (key.getState() == KeyState.ACTIVE) {
					active = new ActiveKey(key.getKid(), key.getAlgorithm(), opened.pair(), opened.privateKey(),
							opened.provider());
				}
			}
			catch (TokenUnreachableException ex) {
				// Signing stops, but a public key proven against this very object before
				// stays published: tokens it signed keep verifying through a token
				// outage.
				unusable = (unusable != null) ? unusable : ex.getMessage();
				if (key.getPublicJwk().equals(this.provenInToken.getIfPresent(key.getKid()))) {
					published.add(KeyOpener.publicPart(key));
				}
				logger.error("Cannot use kid={} of org={} now: {}", key.getKid(), orgId, ex.getMessage());
			}
			catch (KeyDecryptionException ex) {
				unusable = (unusable != null) ? unusable : ex.getMessage();
				this.provenInToken.invalidate(key.getKid());
				this.alarm.report(orgId, key.getKid(), ex.getMessage());
			}
		}
		if (unusable != null) {
			active = null;
			this.unavailable.put(orgId, unusable);
			logger.error("Cannot sign for org={}: {}", orgId, unusable);
		}
		else {
			this.unavailable.remove(orgId);
		}
		return new Entry(new OrgKeys(orgId, active, unusable, published), validUntil, fingerprint.digest());
	}

	private static String md5(byte[] bytes) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private record Entry(OrgKeys keys, Instant validUntil, String fingerprint) {
	}

	/** What an org's published key rows hold, as one digest, in kid order. */
	private static final class Fingerprint {

		private final Map<String, String> rows = new TreeMap<>();

		private final Set<String> tokenKids = new TreeSet<>();

		void add(String kid, String state, String storage, String kekId, String publicJwk, String sealedMd5) {
			this.rows.put(kid, state + "|" + storage + "|" + kekId + "|" + publicJwk + "|" + sealedMd5);
			if (KeyStorage.PKCS11.name().equals(storage)) {
				this.tokenKids.add(kid);
			}
		}

		Set<String> tokenKids() {
			return this.tokenKids;
		}

		String digest() {
			try {
				MessageDigest sha = MessageDigest.getInstance("SHA-256");
				this.rows.forEach((kid, row) -> sha.update((kid + "|" + row + "\n").getBytes(StandardCharsets.UTF_8)));
				return HexFormat.of().formatHex(sha.digest());
			}
			catch (NoSuchAlgorithmException ex) {
				throw new IllegalStateException(ex);
			}
		}

	}

}
