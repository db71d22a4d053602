# syntax=docker/dockerfile:1
#
# The Sigil server image.
#
#   docker build -t sigil-server .
#   docker run --rm -p 8080:8080 -p 8081:8081 -p 8082:8082 -p 9090:9090 \
#     -e SIGIL_KEK="$(openssl rand -base64 32)" \
#     -e SPRING_DATASOURCE_URL='jdbc:postgresql://db.example:5432/sigil?currentSchema=sigil' \
#     -e SPRING_DATASOURCE_USERNAME=sigil_app -e SPRING_DATASOURCE_PASSWORD=... \
#     -e SIGIL_DB_OWNER_USERNAME=sigil_owner -e SIGIL_DB_OWNER_PASSWORD=... \
#     sigil-server
#
# Ports: 8080 public (discovery documents and JWKS), 8081 internal (the machine token API that
# workloads and agents call), 8082 admin (management API and admin UI, for operators), 9090
# management (actuator health and Prometheus metrics). Each answers 404 for the others' paths.
# Every setting is an environment variable: see the configuration table in docs/operations.md.

ARG JAVA_VERSION=17
ARG TARGETARCH=amd64

# 1. Build the executable jar. The Maven cache is a build cache mount, so dependencies are fetched
#    once per builder rather than once per source change.
FROM maven:3.9-eclipse-temurin-${JAVA_VERSION} AS build
WORKDIR /src
COPY . .
RUN --mount=type=cache,target=/root/.m2 \
    mvn -B -q -DskipTests -pl server -am package \
 && cp server/target/sigil-server.jar /sigil-server.jar

# 2. Split the jar into Spring Boot's layers (dependencies, loader, snapshot dependencies,
#    application), so that an image rebuilt after a code change reuses the dependency layers.
FROM eclipse-temurin:${JAVA_VERSION}-jre AS extract
WORKDIR /extract
COPY --from=build /sigil-server.jar sigil-server.jar
RUN java -Djarmode=tools -jar sigil-server.jar extract --layers --launcher --destination layers

# 3. The runtime: a JRE, the extracted layers, and an unprivileged user. The compiler setting depends
#    on the platform: on x86-64 the native crypto provider signs and the C1 compiler alone keeps the
#    resident peak near 300 MB; elsewhere the JDK signs, and its RSA needs C2's BigInteger intrinsics
#    (without them RS256 falls about tenfold). BuildKit sets TARGETARCH.
FROM eclipse-temurin:${JAVA_VERSION}-jre AS jre-amd64
ENV SIGIL_COMPILER="-XX:TieredStopAtLevel=1"
FROM eclipse-temurin:${JAVA_VERSION}-jre AS jre-arm64
ENV SIGIL_COMPILER="-XX:CICompilerCount=2"

FROM jre-${TARGETARCH}
LABEL org.opencontainers.image.title="sigil-server" \
      org.opencontainers.image.description="Sigil: per-organisation OpenID Connect issuers for machine identities"

RUN groupadd --system --gid 10001 sigil \
 && useradd --system --uid 10001 --gid sigil --home-dir /nonexistent --no-create-home \
      --shell /usr/sbin/nologin sigil

WORKDIR /opt/sigil
# Least to most often changed, one image layer each.
COPY --from=extract /extract/layers/dependencies/ ./
COPY --from=extract /extract/layers/spring-boot-loader/ ./
COPY --from=extract /extract/layers/snapshot-dependencies/ ./
COPY --from=extract /extract/layers/application/ ./

# The options live in JAVA_TOOL_OPTIONS rather than on the command line, so that a deployment
# (the Helm chart's javaToolOptions) can replace them: command-line flags would win over it. They
# are scripts/sigil-server's: a resident peak near 300 MB at full load on two cores (see docs/performance.md);
# raise -Xmx for fleets of many thousands of machines.
ENV JAVA_TOOL_OPTIONS="-Xms32m -Xmx76m -Xmn12m -XX:+UseSerialGC ${SIGIL_COMPILER} -Xss512k -XX:ReservedCodeCacheSize=32m -XX:MaxMetaspaceSize=128m -XX:MaxDirectMemorySize=32m -XX:+ExitOnOutOfMemoryError" \
    MALLOC_ARENA_MAX=2 \
    SIGIL_PUBLIC_PORT=8080 \
    SIGIL_INTERNAL_PORT=8081 \
    SIGIL_ADMIN_PORT=8082 \
    MANAGEMENT_SERVER_PORT=9090

EXPOSE 8080 8081 8082 9090

# Numeric, so that Kubernetes' runAsNonRoot can verify it without a runAsUser.
USER 10001:10001

# Readiness of the management port (database reachable, signing keys open). Bash's /dev/tcp needs
# no curl or wget in the image. Kubernetes ignores HEALTHCHECK and uses the chart's probes.
HEALTHCHECK --interval=15s --timeout=3s --start-period=60s --retries=3 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/${MANAGEMENT_SERVER_PORT:-9090} && printf 'GET /actuator/health/readiness HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n' >&3 && head -n 1 <&3 | grep -q '^HTTP/[0-9.]* 200'"]

ENTRYPOINT ["java", "org.springframework.boot.loader.launch.JarLauncher"]
