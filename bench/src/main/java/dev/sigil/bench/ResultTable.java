package dev.sigil.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Prints the results {@code bench/run.sh} collected as one table, each figure beside its
 * target. The lines it reads: {@code PROVIDER description},
 * {@code CEILING alg jdk|native sigs/s}, {@code LEDGER rows/s p50 p99 mean-batch},
 * {@code LOAD name connections rps p50 p99 ok non2xx
 * errors}, {@code READY name ms}, {@code RSS name MB}, {@code COUNT rows answered},
 * {@code QUERY rows p50 p99 name}.
 * <p>
 * Issuance is rated against the native ceiling (the signing provider the server uses) and
 * against Keycloak's rate at the same number of connections.
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
		String[] count = null;
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
				case "COUNT" -> count = f;
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
		Map<String, Double> keycloakByConnections = new LinkedHashMap<>();
		for (String[] f : loads.getOrDefault("keycloak", List.of())) {
			keycloakByConnections.put(f[2], Double.parseDouble(f[3]));
		}
		for (Map.Entry<String, List<String[]>> entry : loads.entrySet()) {
			String name = entry.getKey();
			for (String[] f : entry.getValue()) {
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
				else if (name.equals("exchange-rs256")) {
					Double issuance = loads.getOrDefault("sigil-rs256", List.of())
						.stream()
						.filter((g) -> g[2].equals(f[2]))
						.map((g) -> Double.parseDouble(g[3]))
						.findFirst()
						.orElse(null);
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
		if (count != null) {
			long rows = Long.parseLong(count[1]);
			long answered = Long.parseLong(count[2]);
			row("count check: 200 answers / audit rows",
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

	private static String label(String name) {
		return switch (name) {
			case "sigil-rs256" -> "Sigil issuance, RS256";
			case "sigil-es256" -> "Sigil issuance, ES256";
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
