package dev.sigil.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Prints the results {@code bench/run.sh} collected as one table, each figure beside its
 * target. The lines it reads: {@code PROVIDER description},
 * {@code CEILING alg jdk|native sigs/s}, {@code LEDGER rows/s p50 p99 mean-batch},
 * {@code LOAD name connections rps p50 p99 ok non2xx
 * errors}, {@code READY name ms}, {@code RSS name MB},
 * {@code COUNT rows answered [store]}, {@code QUERY rows p50 p99 name}.
 * <p>
 * Issuance is rated against the native ceiling (the signing provider the server uses) and
 * against Keycloak's rate at the same number of connections. Issuance with the pkcs11 key
 * store ({@code pkcs11-*} loads, on SoftHSM 2) is given as a share of the database
 * store's rate, with no target: an HSM's rate is the HSM's.
 */
public final class ResultTable {

	private static final double ISSUANCE_RATIO_TARGET = 0.80;

	private static final double RS256_KEYCLOAK_FACTOR = 2.5;

	private static final double ES256_KEYCLOAK_FACTOR = 5.0;

	private ResultTable() {
	}

	public static void main(String[] args) throws Exception {
		Map<String, Double> ceilings = new LinkedHashMap<>();
		Map<String, Double> jdkCeilings = new LinkedHashMap<>();
		String provider = "";
		String[] ledger = null;
		String[] disk = null;
		String[] drop = null;
		Map<String, List<String[]>> loads = new LinkedHashMap<>();
		Map<String, String> ready = new LinkedHashMap<>();
		Map<String, String> rss = new LinkedHashMap<>();
		List<String[]> queries = new ArrayList<>();
		List<String[]> counts = new ArrayList<>();
		for (String line : Files.readAllLines(Path.of(args[0]))) {
			String[] f = line.trim().split("\\s+");
			switch (f[0]) {
				case "CEILING" -> (f[2].equals("native") ? ceilings : jdkCeilings).put(f[1], Double.parseDouble(f[3]));
				case "PROVIDER" -> provider = line.trim().substring("PROVIDER ".length());
				case "LEDGER" -> ledger = f;
				case "DISK" -> disk = f;
				case "DROP" -> drop = f;
				case "LOAD" -> {
					if (!f[1].startsWith("warmup")) {
						loads.computeIfAbsent(f[1], (k) -> new ArrayList<>()).add(f);
					}
				}
				case "READY" -> ready.put(f[1], f[2]);
				case "RSS" -> rss.put(f[1], f[2]);
				case "COUNT" -> counts.add(f);
				case "QUERY" -> queries.add(f);
				default -> {
				}
			}
		}
		System.out.println();
		System.out.println("| measure | figure | target |");
		System.out.println("| --- | --- | --- |");
		jdkCeilings.forEach((alg, rate) -> row(alg + " signing ceiling, JDK provider, in-process, all cores",
				fmt("%.0f signatures/s", rate), ""));
		String nativeName = provider;
		ceilings.forEach((alg, rate) -> row(
				alg + " signing ceiling, native (" + nativeName + "), in-process, all cores",
				fmt("%.0f signatures/s", rate)
						+ ((jdkCeilings.get(alg) != null) ? fmt(", %.1fx the JDK's", rate / jdkCeilings.get(alg)) : ""),
				""));
		if (ledger != null) {
			row("audit writer ceiling: rows committed/s through the group commit (hash chain and hourly counts "
					+ "included), no signing, 64 callers",
					fmt("%.0f rows/s, commit p50 %s ms, p99 %s ms, %s rows per commit", Double.parseDouble(ledger[1]),
							ledger[2], ledger[3], ledger[4]),
					">= 20000 rows/s" + verdict(Double.parseDouble(ledger[1]) >= 20000));
		}
		boolean pkcs11Noted = false;
		Map<String, Double> keycloakByConnections = new LinkedHashMap<>();
		for (String[] f : loads.getOrDefault("keycloak", List.of())) {
			keycloakByConnections.put(f[2], Double.parseDouble(f[3]));
		}
		for (String name : issuanceFirst(loads.keySet())) {
			if (name.startsWith("pkcs11-") && !pkcs11Noted) {
				row("pkcs11 key store, on SoftHSM 2", softHsmNote(), "");
				pkcs11Noted = true;
			}
			for (String[] f : loads.get(name)) {
				double rps = Double.parseDouble(f[3]);
				String figure = fmt("%.0f/s, p50 %s ms, p99 %s ms, %s errors", rps, f[4], f[5],
						Long.parseLong(f[7]) + Long.parseLong(f[8]));
				String target = "";
				if (name.startsWith("sigil-")) {
					String alg = name.substring("sigil-".length()).toUpperCase(Locale.ROOT);
					Double ceiling = ceilings.get(alg);
					if (ceiling != null) {
						figure += fmt(", %.0f%% of the %s ceiling", 100 * rps / ceiling, alg);
					}
					Double keycloak = keycloakByConnections.get(f[2]);
					if (keycloak != null) {
						figure += fmt(", %.1fx Keycloak", rps / keycloak);
					}
					List<String> targets = new ArrayList<>();
					if (name.equals("sigil-rs256")) {
						if (ceiling != null) {
							targets.add(fmt(">= %.0f%% of the native ceiling", 100 * ISSUANCE_RATIO_TARGET)
									+ verdict(rps >= ISSUANCE_RATIO_TARGET * ceiling));
						}
						if (keycloak != null) {
							targets.add(fmt(">= %.1fx Keycloak's %.0f/s", RS256_KEYCLOAK_FACTOR, keycloak)
									+ verdict(rps >= RS256_KEYCLOAK_FACTOR * keycloak));
						}
					}
					if (name.equals("sigil-es256") && keycloak != null && f[2].equals("32")) {
						targets.add(fmt(">= %.0fx Keycloak's %.0f/s", ES256_KEYCLOAK_FACTOR, keycloak)
								+ verdict(rps >= ES256_KEYCLOAK_FACTOR * keycloak));
					}
					if (f[2].equals("8")) {
						targets.add("p99 < 10 ms" + verdict(Double.parseDouble(f[5]) < 10));
					}
					target = String.join("; ", targets);
				}
				else if (name.startsWith("pkcs11-")) {
					String alg = name.substring("pkcs11-".length());
					Double database = rate(loads, "sigil-" + alg, f[2]);
					if (database != null) {
						figure += fmt(", %.0f%% of the database store's %s rate at %s connections",
								100 * rps / database, alg.toUpperCase(Locale.ROOT), f[2]);
					}
				}
				else if (name.equals("exchange-rs256")) {
					Double issuance = rate(loads, "sigil-rs256", f[2]);
					if (issuance != null) {
						figure += fmt(", %.0f%% of plain RS256 issuance at %s connections", 100 * rps / issuance, f[2]);
					}
				}
				else if (name.equals("keycloak")) {
					Double ceiling = jdkCeilings.get("RS256");
					if (ceiling != null) {
						figure += fmt(", %.0f%% of the JDK RS256 ceiling", 100 * rps / ceiling);
					}
				}
				else if (name.equals("discovery") || name.equals("jwks")) {
					target = ">= 15000/s" + verdict(rps >= 15000);
				}
				row(label(name) + " at " + f[2] + " connections", figure, target);
			}
		}
		for (String[] count : counts) {
			long rows = Long.parseLong(count[1]);
			long answered = Long.parseLong(count[2]);
			String store = (count.length > 3) ? ", " + count[3] + " store (rows signed by keys in the token)" : "";
			row("count check: 200 answers / audit rows" + store,
					answered + " / " + rows + " (" + (rows - answered) + " rows whose request ended without an answer)",
					"rows >= answers" + verdict(rows >= answered));
		}
		for (String[] q : queries) {
			String name = String.join(" ", java.util.Arrays.copyOfRange(q, 4, q.length));
			boolean jti = name.startsWith("jti");
			double p99 = Double.parseDouble(q[3]);
			row(fmt("audit %s, %,d rows", name, Long.parseLong(q[1])), "p50 " + q[2] + " ms, p99 " + q[3] + " ms",
					(jti ? "p99 < 5 ms" : "p99 < 50 ms") + verdict(p99 < (jti ? 5 : 50)));
		}
		if (disk != null) {
			row("ledger disk per million rows (table, indexes, TOAST)", disk[1] + " MB", "");
		}
		if (drop != null) {
			row(fmt("retention: dropping one day's partition (%,d rows)", Long.parseLong(drop[2])), drop[1] + " ms",
					"< 1000 ms" + verdict(Double.parseDouble(drop[1]) < 1000));
		}
		ready.forEach((name, ms) -> row(label(name) + " time to ready", ms + " ms",
				name.equals("sigil") ? "< 6000 ms" + verdict(Long.parseLong(ms) < 6000) : ""));
		rss.forEach((name, mb) -> row(label(name) + " peak resident memory", mb + " MB",
				name.equals("sigil") ? "< 300 MB" + verdict(Long.parseLong(mb) < 300) : ""));
	}

	/**
	 * Issuance with the database store, then with the pkcs11 store, then the rest as run.
	 */
	private static List<String> issuanceFirst(Set<String> names) {
		List<String> ordered = new ArrayList<>();
		for (String prefix : List.of("sigil-", "pkcs11-")) {
			names.stream().filter((name) -> name.startsWith(prefix)).forEach(ordered::add);
		}
		names.stream().filter((name) -> !ordered.contains(name)).forEach(ordered::add);
		return ordered;
	}

	private static Double rate(Map<String, List<String[]>> loads, String name, String connections) {
		return loads.getOrDefault(name, List.of())
			.stream()
			.filter((f) -> f[2].equals(connections))
			.map((f) -> Double.parseDouble(f[3]))
			.findFirst()
			.orElse(null);
	}

	/**
	 * SoftHSM signs in software on the benchmark's own cores, so its rate says what the
	 * PKCS#11 path costs here and nothing about an HSM; what sizes an HSM is the vendor's
	 * figure against the fleet's rate.
	 */
	private static String softHsmNote() {
		return fmt("SoftHSM 2 signs in software, inside the server's process, on this machine's %d cores "
				+ "(shared with the load generator and PostgreSQL): these rates are the PKCS#11 path's, not an "
				+ "HSM's. A real HSM's rate is the HSM's: ask the vendor for RSA-2048 (PKCS#1 v1.5, SHA-256) and "
				+ "ECDSA P-256 signatures per second per partition (shared by every replica), against the tokens/s "
				+ "needed, about machines x token refreshes per machine per second (10,000 machines refreshing "
				+ "every 15 minutes: about 11/s)", Runtime.getRuntime().availableProcessors());
	}

	private static String label(String name) {
		return switch (name) {
			case "sigil-rs256" -> "Sigil issuance, RS256";
			case "sigil-es256" -> "Sigil issuance, ES256";
			case "pkcs11-rs256" -> "Sigil issuance, RS256, pkcs11 key store (SoftHSM 2 token)";
			case "pkcs11-es256" -> "Sigil issuance, ES256, pkcs11 key store (SoftHSM 2 token)";
			case "sigil-pkcs11" -> "Sigil with the pkcs11 key store (SoftHSM 2)";
			case "exchange-rs256" -> "Sigil token exchange (another org's RS256 token for an RS256 machine token)";
			case "keycloak" -> "Keycloak client_credentials";
			case "discovery" -> "Sigil discovery document";
			case "jwks" -> "Sigil JWKS";
			case "sigil" -> "Sigil";
			default -> name;
		};
	}

	private static String verdict(boolean... met) {
		for (boolean each : met) {
			if (!each) {
				return " (missed)";
			}
		}
		return " (met)";
	}

	private static void row(String measure, String figure, String target) {
		System.out.println("| " + measure + " | " + figure + " | " + target + " |");
	}

	private static String fmt(String format, Object... args) {
		return String.format(Locale.ROOT, format, args);
	}

}
