#!/usr/bin/env bash
# Sigil's benchmark: one command, this machine's tools only (wrk from Debian, the JDK, PostgreSQL).
# In one run it measures the RS256/ES256 signing ceilings in-process (with the JDK's providers and
# with the native one the server uses), the audit writer's own ceiling, token issuance over HTTP against
# a running server on the local PostgreSQL (8, 32 and 64 connections), the same load against
# Keycloak's client_credentials grant, discovery and JWKS, the same issuance with the pkcs11 key store
# on a SoftHSM 2 token, audit queries on a large ledger, time to ready and peak memory; then prints
# one table.
#
#   bench/run.sh                       everything (about 25 minutes; 10 million audit rows)
#   BENCH_AUDIT_ROWS=1000000 bench/run.sh
#   BENCH_KEYCLOAK=0 bench/run.sh      skip Keycloak
#   BENCH_PKCS11=0 bench/run.sh        skip the pkcs11 key store (skipped anyway without softhsm2-util)
#   BENCH_ONLY=pkcs11 bench/run.sh     issuance alone, database store beside pkcs11 store (about 6 minutes)
#
# Settings: BENCH_DURATION (seconds per load step, default 15), BENCH_MACHINES (credentials the load
# cycles through, default 200; 50 with BENCH_ONLY=pkcs11), BENCH_JDBC_ADMIN (default
# jdbc:postgresql://localhost:5432/postgres).
set -euo pipefail
cd "$(dirname "$0")/.."

ONLY=${BENCH_ONLY:-all}
case "$ONLY" in
  all) MACHINES=${BENCH_MACHINES:-200} ;;
  pkcs11) MACHINES=${BENCH_MACHINES:-50} ;;
  *) echo "BENCH_ONLY is all or pkcs11, not '$ONLY'" >&2; exit 2 ;;
esac
DURATION=${BENCH_DURATION:-15}
AUDIT_ROWS=${BENCH_AUDIT_ROWS:-10000000}
KEYCLOAK=${BENCH_KEYCLOAK:-1}
PKCS11=${BENCH_PKCS11:-1}
SOFTHSM_LIBRARY=/usr/lib/softhsm/libsofthsm2.so
KEYCLOAK_VERSION=26.4.7
WORK=bench/target/run
PUBLIC_PORT=18080
INTERNAL_PORT=18081
ADMIN_PORT=18082
MANAGEMENT_PORT=19090
KC_PORT=18180
KC_MANAGEMENT_PORT=19000

log() { printf '== %s\n' "$*" >&2; }
need() { command -v "$1" >/dev/null 2>&1; }
full() { [ "$ONLY" = all ]; }

if [ "$PKCS11" = 1 ] && { ! need softhsm2-util || [ ! -r "$SOFTHSM_LIBRARY" ]; }; then
  log "SoftHSM 2 is not installed (apt-get install softhsm2): the pkcs11 key store is not measured"
  PKCS11=0
fi
if [ "$ONLY" = pkcs11 ] && [ "$PKCS11" != 1 ]; then
  log "BENCH_ONLY=pkcs11 needs SoftHSM 2 and BENCH_PKCS11=1"
  exit 2
fi

if ! need wrk || ! need jq || ! need curl; then
  log "Installing wrk, jq and curl from Debian"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk jq curl >/dev/null
fi
if ! pg_isready -h localhost -p 5432 -q 2>/dev/null; then
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | sort -V | tail -1)" main start
fi

rm -rf "$WORK" && mkdir -p "$WORK"
log "Building"
mvn -B -q -DskipTests package -pl server,bench -am
BENCH_CP="bench/target/sigil-bench-0.1.0-SNAPSHOT.jar:$(cat bench/target/classpath.txt)"
RESULTS="$WORK/results.txt"
: > "$RESULTS"
result() { echo "$*" >> "$RESULTS"; }

now_ms() { date +%s%3N; }
wait_ready() { # url, pid, deadline seconds
  local deadline=$(( $(date +%s) + $3 ))
  until curl -sf -o /dev/null "$1"; do
    kill -0 "$2" 2>/dev/null || { log "process $2 died"; return 1; }
    [ "$(date +%s)" -lt "$deadline" ] || { log "not ready in $3 s"; return 1; }
    sleep 0.05
  done
}
peak_rss_mb() { awk '/VmHWM/ {printf "%.0f", $2 / 1024}' "/proc/$1/status"; }

# wrk prints one RESULT line: requests/s, p50, p99 (ms), answers with 200, other answers, socket errors.
cat > "$WORK/report.lua" <<'EOF'
done = function(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
  io.write(string.format("RESULT %.0f %.2f %.2f %d %d %d\n", summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, summary.requests - summary.errors.status,
    summary.errors.status, errors))
end
EOF

load() { # name, connections, script, url
  local line
  line=$(wrk -t2 -c"$2" -d"${DURATION}s" --timeout 10s -s "$3" "$4" | grep '^RESULT')
  result "LOAD $1 $2 ${line#RESULT }"
  log "$1 at $2 connections: ${line#RESULT }"
}

# 1. The signing ceilings, in-process, on every core: the JDK's providers and the native one.
if full; then
  log "Signing ceilings"
  java -cp "$BENCH_CP" dev.sigil.bench.SigningCeilingBenchmark "$DURATION" | grep -E '^(CEILING|PROVIDER)' >> "$RESULTS"
fi

# 2. Sigil over HTTP on a database of its own.
log "Starting Sigil"
psql -q -h localhost -U postgres -c "drop database if exists sigil_bench_http" -c "create database sigil_bench_http" postgres
ADMIN_TOKEN="sga_$(openssl rand -hex 32)"
rm -rf "$WORK/server" && java -Djarmode=tools -jar server/target/sigil-server.jar extract --destination "$WORK/server" >/dev/null
export SIGIL_KEK="$(openssl rand -base64 32)" SIGIL_BOOTSTRAP_ADMIN_TOKEN="$ADMIN_TOKEN"
export SPRING_DATASOURCE_URL="jdbc:postgresql://localhost:5432/sigil_bench_http?currentSchema=sigil"
export SIGIL_PUBLIC_PORT=$PUBLIC_PORT SIGIL_INTERNAL_PORT=$INTERNAL_PORT SIGIL_ADMIN_PORT=$ADMIN_PORT
export MANAGEMENT_SERVER_PORT=$MANAGEMENT_PORT
export SIGIL_ISSUER_BASE_URL="http://127.0.0.1:$PUBLIC_PORT"
# The load cycles through 200 machines far faster than an agent asks: the rate limits are off.
export SIGIL_RATE_LIMIT_MACHINE_PER_MINUTE=0 SIGIL_RATE_LIMIT_ORG_PER_SECOND=0
# The exchange step trusts another org of this same server, reached over loopback http.
export SIGIL_FEDERATION_ALLOW_HTTP_ISSUERS=true
# The server starts through scripts/sigil-server, with the JVM settings a user gets from it
# (SIGIL_JAVA_OPTS replaces them), from the extracted jar so that class data sharing applies: a
# training run that stops once the context is refreshed writes the archive.
# The training run signs with the JDK: Java 17's dynamic archive dump crashes on the native provider's
# classes (they come from a signed jar, which CDS leaves out anyway); the measured run uses native.
export SIGIL_JAR="$WORK/server/sigil-server.jar"
SIGIL_CRYPTO_NATIVE=false scripts/sigil-server -XX:ArchiveClassesAtExit="$WORK/server/sigil.jsa" \
  -XX:ErrorFile="$WORK/hs_err_%p.log" -Dspring.context.exit=onRefresh > "$WORK/cds-training.log" 2>&1 || true
CDS=()
if [ -f "$WORK/server/sigil.jsa" ]; then
  # Mapped where it was dumped rather than relocated (Debian's JDK 17 relocates by default), so that
  # only the pages in use become resident.
  CDS=(-XX:SharedArchiveFile="$WORK/server/sigil.jsa" -XX:+UnlockDiagnosticVMOptions -XX:ArchiveRelocationMode=0)
else
  log "No class data sharing archive was written (see $WORK/cds-training.log); starting without one"
fi
START=$(now_ms)
scripts/sigil-server "${CDS[@]}" > "$WORK/sigil.log" 2>&1 &
SIGIL_PID=$!
trap 'kill $SIGIL_PID 2>/dev/null || true; [ -n "${KC_PID:-}" ] && kill $KC_PID 2>/dev/null || true' EXIT
wait_ready "http://127.0.0.1:$MANAGEMENT_PORT/actuator/health/readiness" $SIGIL_PID 120
result "READY sigil $(( $(now_ms) - START ))"

api() { curl -sf -X POST "http://127.0.0.1:$ADMIN_PORT$1" -H "Authorization: Bearer $ADMIN_TOKEN" \
  -H 'Content-Type: application/json' -d "$2"; }
token_script() { # org, algorithm -> lua file cycling through the org's machine credentials
  local org=$1 file="$WORK/tokens-$1.lua"
  api /api/v1/orgs "{\"slug\":\"$org\",\"name\":\"$org\",\"algorithm\":\"$2\"}" >/dev/null
  api "/api/v1/orgs/$org/apps" '{"name":"web"}' >/dev/null
  echo "creds = {" > "$file"
  for i in $(seq 1 "$MACHINES"); do
    api "/api/v1/orgs/$org/apps/web/machines" "{\"name\":\"m-$i\",\"region\":\"fra\",\"image\":\"registry.example/web:1\",\"image_digest\":\"sha256:4f2a9c0e5d1b7a3f8e6c2d0b9a8f7e6d5c4b3a29180f7e6d5c4b3a2918076e5d\"}" \
      | jq -r '"  \"" + .credential + "\","' >> "$file"
  done
  cat >> "$file" <<'EOF'
}
counter = 0
request = function()
  counter = counter + 1
  return wrk.format("POST", "/v1/tokens/oidc", {["Authorization"] = "Bearer " .. creds[(counter % #creds) + 1],
    ["Content-Type"] = "application/json"}, '{"aud":"sts.amazonaws.com"}')
end
EOF
  cat "$WORK/report.lua" >> "$file"
  echo "$file"
}
log "Creating orgs and $MACHINES machines each"
RS_SCRIPT=$(token_script bench-rs RS256)
ES_SCRIPT=$(token_script bench-es ES256)

log "Warming up"
DURATION=10 load warmup-sigil-rs256 8 "$RS_SCRIPT" "http://127.0.0.1:$INTERNAL_PORT"
DURATION=5 load warmup-sigil-es256 8 "$ES_SCRIPT" "http://127.0.0.1:$INTERNAL_PORT"
for c in 8 32 64; do load sigil-rs256 "$c" "$RS_SCRIPT" "http://127.0.0.1:$INTERNAL_PORT"; done
for c in 8 32 64; do load sigil-es256 "$c" "$ES_SCRIPT" "http://127.0.0.1:$INTERNAL_PORT"; done

# Every 200 answer must have its audit row; a row without an answer is a request that wrk gave up on
# (or was still in flight when a load step ended) after the row was committed.
sleep 1
ROWS=$(psql -h localhost -U postgres -d sigil_bench_http -Atc "select count(*) from sigil.issued_token")
ANSWERED=$(awk '$1 == "LOAD" && $2 ~ /sigil-/ {sum += $7} END {print sum + 0}' "$RESULTS")
result "COUNT $ROWS $ANSWERED"

if full; then
  # Token exchange: org bench-ex trusts org bench-rs; each request exchanges one of bench-rs's machine
  # tokens for a bench-ex machine token (subject token verification, a federated machine, signing,
  # the audit row and the exchange record), beside plain issuance.
  log "Token exchange"
  api /api/v1/orgs '{"slug":"bench-ex","name":"bench-ex","algorithm":"RS256"}' >/dev/null
  api /api/v1/orgs/bench-ex/apps '{"name":"web"}' >/dev/null
  RS_ORG_ID=$(curl -sf -H "Authorization: Bearer $ADMIN_TOKEN" "http://127.0.0.1:$ADMIN_PORT/api/v1/orgs/bench-rs" | jq -r .id)
  api /api/v1/orgs/bench-ex/trust-policies "$(jq -cn --arg issuer "http://127.0.0.1:$PUBLIC_PORT/bench-rs" \
    --arg audience "http://127.0.0.1:$PUBLIC_PORT/bench-ex" --arg org "$RS_ORG_ID" \
    '{name: "bench", issuer: $issuer, provider: "sigil", keys: {source: "discovery"}, algorithms: ["RS256"],
      audiences: [$audience], replay_protection: false, must_match: {"/org_id": $org},
      grant: {type: "machine", app: "web", machine_name_from: "/machine_name", region: "fra",
              image: {from: "/image"}, image_digest: {from: "/image_digest"}}}')" >/dev/null
  EX_SCRIPT="$WORK/exchange.lua"
  echo "subjects = {" > "$EX_SCRIPT"
  grep -o '"sgm_[^"]*"' "$RS_SCRIPT" | tr -d '"' | while read -r credential; do
    printf '  "%s",\n' "$(curl -sf -X POST "http://127.0.0.1:$INTERNAL_PORT/v1/tokens/oidc" \
      -H "Authorization: Bearer $credential" --data "{\"aud\":\"http://127.0.0.1:$PUBLIC_PORT/bench-ex\"}")" >> "$EX_SCRIPT"
  done
  cat >> "$EX_SCRIPT" <<'EOF'
}
counter = 0
request = function()
  counter = counter + 1
  return wrk.format("POST", "/bench-ex/oauth2/token", {["Content-Type"] = "application/x-www-form-urlencoded"},
    "grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Atoken-exchange&client_id=bench" ..
    "&subject_token_type=urn%3Aietf%3Aparams%3Aoauth%3Atoken-type%3Ajwt&subject_token=" ..
    subjects[(counter % #subjects) + 1])
end
EOF
  cat "$WORK/report.lua" >> "$EX_SCRIPT"
  DURATION=5 load warmup-exchange 8 "$EX_SCRIPT" "http://127.0.0.1:$INTERNAL_PORT"
  load exchange-rs256 8 "$EX_SCRIPT" "http://127.0.0.1:$INTERNAL_PORT"

  cat > "$WORK/plain.lua" < "$WORK/report.lua"
  DURATION=5 load warmup-jwks 64 "$WORK/plain.lua" "http://127.0.0.1:$PUBLIC_PORT/bench-rs/oauth2/jwks"
  load discovery 64 "$WORK/plain.lua" "http://127.0.0.1:$PUBLIC_PORT/bench-rs/.well-known/openid-configuration"
  load jwks 64 "$WORK/plain.lua" "http://127.0.0.1:$PUBLIC_PORT/bench-rs/oauth2/jwks"
fi
result "RSS sigil $(peak_rss_mb $SIGIL_PID)"
curl -sf "http://127.0.0.1:$MANAGEMENT_PORT/actuator/info" | jq -c .crypto >&2 || true
kill $SIGIL_PID; wait $SIGIL_PID 2>/dev/null || true

# 3. The same issuance with the pkcs11 key store: the same server and database, a fresh SoftHSM 2
#    token, and new orgs, whose keys are therefore generated in the token and sign there (an org made
#    under the database store keeps its sealed keys). SoftHSM signs in software inside the server's
#    process, on these same cores: the figures measure the PKCS#11 path, not an HSM.
if [ "$PKCS11" = 1 ]; then
  log "Starting Sigil with the pkcs11 key store (SoftHSM 2)"
  rm -rf "$WORK/softhsm" && mkdir -p "$WORK/softhsm/tokens"
  export SOFTHSM2_CONF="$PWD/$WORK/softhsm/softhsm2.conf"
  printf 'directories.tokendir = %s\nobjectstore.backend = file\nlog.level = ERROR\nslots.removable = false\n' \
    "$PWD/$WORK/softhsm/tokens" > "$SOFTHSM2_CONF"
  # The PIN is random and goes to the server through its environment only, never to a log or a result.
  HSM_PIN=$(openssl rand -hex 16)
  softhsm2-util --init-token --free --label sigil-bench --pin "$HSM_PIN" --so-pin "$(openssl rand -hex 16)" >/dev/null
  START=$(now_ms)
  SIGIL_KEY_STORE=pkcs11 SIGIL_PKCS11_LIBRARY="$SOFTHSM_LIBRARY" SIGIL_PKCS11_TOKEN_LABEL=sigil-bench \
    SIGIL_PKCS11_PIN="$HSM_PIN" scripts/sigil-server "${CDS[@]}" > "$WORK/sigil-pkcs11.log" 2>&1 &
  HSM_PID=$!
  unset HSM_PIN
  trap 'kill $HSM_PID 2>/dev/null || true; [ -n "${KC_PID:-}" ] && kill $KC_PID 2>/dev/null || true' EXIT
  wait_ready "http://127.0.0.1:$MANAGEMENT_PORT/actuator/health/readiness" $HSM_PID 120 \
    || { tail -20 "$WORK/sigil-pkcs11.log" >&2; exit 1; }
  result "READY sigil-pkcs11 $(( $(now_ms) - START ))"
  log "Creating orgs (keys in the token) and $MACHINES machines each"
  HSM_RS_SCRIPT=$(token_script bench-hsm-rs RS256)
  HSM_ES_SCRIPT=$(token_script bench-hsm-es ES256)
  log "Warming up"
  DURATION=10 load warmup-pkcs11-rs256 8 "$HSM_RS_SCRIPT" "http://127.0.0.1:$INTERNAL_PORT"
  DURATION=5 load warmup-pkcs11-es256 8 "$HSM_ES_SCRIPT" "http://127.0.0.1:$INTERNAL_PORT"
  for c in 8 32 64; do load pkcs11-rs256 "$c" "$HSM_RS_SCRIPT" "http://127.0.0.1:$INTERNAL_PORT"; done
  for c in 8 32 64; do load pkcs11-es256 "$c" "$HSM_ES_SCRIPT" "http://127.0.0.1:$INTERNAL_PORT"; done
  # As above, and only rows signed by keys the database knows to be in the token count.
  sleep 1
  ROWS=$(psql -h localhost -U postgres -d sigil_bench_http -Atc "select count(*) from sigil.issued_token t
    join sigil.org o on o.id = t.org_id join sigil.signing_key k on k.kid = t.kid
    where o.slug in ('bench-hsm-rs', 'bench-hsm-es') and k.storage = 'PKCS11'")
  ANSWERED=$(awk '$1 == "LOAD" && $2 ~ /pkcs11-/ {sum += $7} END {print sum + 0}' "$RESULTS")
  result "COUNT $ROWS $ANSWERED pkcs11"
  result "RSS sigil-pkcs11 $(peak_rss_mb $HSM_PID)"
  kill $HSM_PID; wait $HSM_PID 2>/dev/null || true
fi

if full; then
  # The audit writer's own ceiling: the server's group-commit writer alone, 64 callers, no signing and
  # no HTTP, into the same (migrated) database after the server has stopped.
  log "Audit writer ceiling"
  java -cp "$BENCH_CP" dev.sigil.issuer.audit.AuditWriterBenchmark \
    "jdbc:postgresql://localhost:5432/sigil_bench_http?currentSchema=sigil" postgres "$DURATION" 64 \
    | grep '^LEDGER' >> "$RESULTS"
fi

# 4. Keycloak beside it, on the same machine: a confidential client with a service account.
if full && [ "$KEYCLOAK" = 1 ]; then
  KC_HOME="$WORK/keycloak-$KEYCLOAK_VERSION"
  KC_ZIP=$(ls "$HOME/.m2/repository/org/keycloak/keycloak-quarkus-dist/$KEYCLOAK_VERSION/"*.zip 2>/dev/null | head -1 || true)
  if [ -z "$KC_ZIP" ]; then
    log "Fetching Keycloak $KEYCLOAK_VERSION from Maven Central"
    mvn -B -q dependency:get -Dartifact="org.keycloak:keycloak-quarkus-dist:$KEYCLOAK_VERSION:zip" -Dtransitive=false
    KC_ZIP=$(ls "$HOME/.m2/repository/org/keycloak/keycloak-quarkus-dist/$KEYCLOAK_VERSION/"*.zip | head -1)
  fi
  unzip -q "$KC_ZIP" -d "$WORK"
  log "Starting Keycloak (dev mode)"
  START=$(now_ms)
  KC_BOOTSTRAP_ADMIN_USERNAME=admin KC_BOOTSTRAP_ADMIN_PASSWORD=bench-admin-password \
    "$KC_HOME/bin/kc.sh" start-dev --http-port=$KC_PORT --http-management-port=$KC_MANAGEMENT_PORT \
    --health-enabled=true > "$WORK/keycloak.log" 2>&1 &
  KC_PID=$!
  wait_ready "http://127.0.0.1:$KC_MANAGEMENT_PORT/health/ready" $KC_PID 240
  result "READY keycloak $(( $(now_ms) - START ))"
  KCADM="$KC_HOME/bin/kcadm.sh"
  "$KCADM" config credentials --server "http://127.0.0.1:$KC_PORT" --realm master --user admin \
    --password bench-admin-password >/dev/null 2>&1
  "$KCADM" create realms -s realm=bench -s enabled=true >/dev/null 2>&1
  CLIENT_SECRET=$(openssl rand -hex 24)
  "$KCADM" create clients -r bench -s clientId=bench-machine -s enabled=true -s publicClient=false \
    -s serviceAccountsEnabled=true -s standardFlowEnabled=false -s directAccessGrantsEnabled=false \
    -s "secret=$CLIENT_SECRET" >/dev/null 2>&1
  JAVA_PID=$(pgrep -f -n 'kc.home.dir' || echo $KC_PID)
  cat > "$WORK/keycloak.lua" <<EOF
request = function()
  return wrk.format("POST", "/realms/bench/protocol/openid-connect/token",
    {["Content-Type"] = "application/x-www-form-urlencoded"},
    "grant_type=client_credentials&client_id=bench-machine&client_secret=$CLIENT_SECRET")
end
EOF
  cat "$WORK/report.lua" >> "$WORK/keycloak.lua"
  DURATION=10 load warmup-keycloak 8 "$WORK/keycloak.lua" "http://127.0.0.1:$KC_PORT"
  for c in 8 32 64; do load keycloak "$c" "$WORK/keycloak.lua" "http://127.0.0.1:$KC_PORT"; done
  result "RSS keycloak $(peak_rss_mb "$JAVA_PID")"
  kill $KC_PID 2>/dev/null || true; wait $KC_PID 2>/dev/null || true
  KC_PID=
fi

# 5. The ledger at scale: rows over 30 daily partitions (generated afresh), its queries, a retention
#    drop and the disk it takes. bench/ledger.sh runs this step alone, with 100 million rows by default.
if full; then
  log "Audit ledger over $AUDIT_ROWS rows"
  java -cp "$BENCH_CP" dev.sigil.bench.AuditQueryBenchmark "$AUDIT_ROWS" | tee "$WORK/audit.txt" \
    | grep -E '^(QUERY|DISK|DROP)' >> "$RESULTS" || true
fi

java -cp "$BENCH_CP" dev.sigil.bench.ResultTable "$RESULTS"
echo
echo "Machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(java -version 2>&1 | head -1), $(psql -V)"
if full; then echo "Query plans: $WORK/audit.txt"; fi
