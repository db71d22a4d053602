#!/bin/sh
# Measures the agent's time to its first token and its resident memory, through the launcher the
# build makes (agent/target/sigil-agent), against a stand-in platform on 127.0.0.1.
#
#   mvn -B -f agent/pom.xml -DskipTests package && agent/bench/startup.sh [runs]
#
# Targets: first token written in under 1 s, under 64 MB resident. Linux only (reads /proc).
set -eu
here=$(CDPATH= cd -- "$(dirname -- "$0")" && pwd -P)
launcher="$here/../target/sigil-agent"
if [ ! -x "$launcher" ]; then
	echo "startup.sh: $launcher is missing: build the agent first (mvn -B -f agent/pom.xml -DskipTests package)" >&2
	exit 1
fi
java=${JAVA_HOME:+$JAVA_HOME/bin/}java
exec "$java" "$here/StartupBenchmark.java" "$launcher" "${1:-5}"
