#!/usr/bin/env bash
# cluster.sh: start, stop or report a three-voter Coord cluster on this machine's loopback.
#
#   scripts/cluster.sh start  [DIR] [--base-port N]   voters on N+1..N+3 (default N=7100), slots 11-18 on N+11..N+18
#   scripts/cluster.sh status [DIR]
#   scripts/cluster.sh stop   [DIR] [--grace-ms N]    SIGTERM, then SIGKILL after the grace (default 10000)
#
# DIR defaults to ./coord-cluster. Examples join a running cluster with
#   java -jar examples/target/coord-examples.jar <example> --cluster DIR
# See docs/EXAMPLES.md. The work is done by the examples jar's 'cluster' command; this script finds
# Java and the jar and says clearly what is missing.
#
# Environment: JAVA_HOME (else 'java' on the PATH); COORD_EXAMPLES_JAR (default: the jar this
# repository builds); COORD_CLASSPATH, if set, runs the command from that class path instead of the
# jar (used by the tests, which run before the jar is packaged).
set -euo pipefail

case $0 in */*) here=${0%/*} ;; *) here=. ;; esac
root=$(cd "$here/.." && pwd)
jar=${COORD_EXAMPLES_JAR:-$root/examples/target/coord-examples.jar}

if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then
    java=$JAVA_HOME/bin/java
elif command -v java >/dev/null 2>&1; then
    java=$(command -v java)
else
    echo "cluster.sh: Java is missing: no 'java' on the PATH and no JAVA_HOME. Install a JDK 17 or newer" \
         "(e.g. apt-get install openjdk-17-jdk-headless) or set JAVA_HOME." >&2
    exit 127
fi

version=$("$java" -version 2>&1 | sed -n 's/.*version "\([0-9]*\)[."].*/\1/p' | head -n 1)
if [ -z "$version" ] || [ "$version" -lt 17 ]; then
    echo "cluster.sh: $java is Java ${version:-of unknown version}; Coord needs Java 17 or newer (set JAVA_HOME)." >&2
    exit 127
fi

if [ -n "${COORD_CLASSPATH:-}" ]; then
    exec "$java" -XX:+IgnoreUnrecognizedVMOptions \
        --add-exports=java.base/jdk.internal.misc=ALL-UNNAMED --add-exports=java.base/jdk.internal.ref=ALL-UNNAMED \
        --add-exports=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/java.lang.reflect=ALL-UNNAMED \
        --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --enable-native-access=ALL-UNNAMED \
        --sun-misc-unsafe-memory-access=allow \
        -cp "$COORD_CLASSPATH" dev.coord.examples.Main cluster "$@"
fi
if [ ! -f "$jar" ]; then
    echo "cluster.sh: $jar is missing: build it first with 'mvn -B -q -DskipTests install' in $root" >&2
    exit 1
fi
exec "$java" -jar "$jar" cluster "$@"
