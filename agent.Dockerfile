# syntax=docker/dockerfile:1
#
# The Sigil agent image: the machine-side program that holds a machine credential, keeps a token
# file fresh and serves tokens on a unix socket.
#
#   docker build -f agent.Dockerfile -t sigil-agent .
#
# As a sidecar (see helm/sigil/examples/agent-sidecar.yaml) it runs `serve` (the default command)
# with a volume shared with the workload at /.sigil. To wrap a workload in its own image instead,
# copy the agent in and let it start the workload:
#
#   COPY --from=sigil-agent /opt/sigil-agent /opt/sigil-agent
#   ENTRYPOINT ["/opt/sigil-agent/sigil-agent", "run", "--"]
#   CMD ["/app/server"]
#
# Configuration: SIGIL_URL (the server's token port; https://, or http:// to loopback, unless
# SIGIL_ALLOW_INSECURE_URL=true), SIGIL_MACHINE_CREDENTIAL or SIGIL_MACHINE_CREDENTIAL_FILE,
# SIGIL_TOKEN_FILE (default /.sigil/oidc_token), SIGIL_SOCKET (default /.sigil/api).

ARG JAVA_VERSION=17

# 1. Build the agent jar and its launcher script. The agent has no runtime dependency; its build
#    needs only its own module and the parent POM.
FROM maven:3.9-eclipse-temurin-${JAVA_VERSION} AS build
WORKDIR /src
COPY pom.xml ./
COPY agent/ agent/
RUN --mount=type=cache,target=/root/.m2 \
    mvn -B -q -DskipTests -f agent/pom.xml package

# 2. The runtime: a JRE, the jar and the launcher side by side, an unprivileged user.
FROM eclipse-temurin:${JAVA_VERSION}-jre
LABEL org.opencontainers.image.title="sigil-agent" \
      org.opencontainers.image.description="Sigil agent: short-lived OIDC tokens for the workload beside it"

RUN groupadd --system --gid 10001 sigil \
 && useradd --system --uid 10001 --gid sigil --home-dir /nonexistent --no-create-home \
      --shell /usr/sbin/nologin sigil \
 && mkdir /.sigil \
 && chown 10001:10001 /.sigil \
 && chmod 0700 /.sigil

# The launcher finds the jar beside itself and picks the JVM options that keep the agent small.
COPY --from=build --chmod=0755 /src/agent/target/sigil-agent /opt/sigil-agent/sigil-agent
COPY --from=build --chmod=0644 /src/agent/target/sigil-agent.jar /opt/sigil-agent/sigil-agent.jar

ENV PATH="/opt/sigil-agent:${PATH}"

# Numeric, so that Kubernetes' runAsNonRoot can verify it without a runAsUser.
USER 10001:10001

# Healthy once the first token has been written; the agent refreshes it well before it expires.
HEALTHCHECK --interval=30s --timeout=3s --start-period=30s --retries=3 \
  CMD ["sh", "-c", "test -s \"${SIGIL_TOKEN_FILE:-/.sigil/oidc_token}\""]

ENTRYPOINT ["/opt/sigil-agent/sigil-agent"]
CMD ["serve"]
