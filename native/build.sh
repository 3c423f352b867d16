#!/usr/bin/env bash
# Builds the native executable target/trawl-runner, installing the GraalVM 25 native-image
# toolchain first when it is missing (idempotent: an existing, working toolchain is reused).
#
#   native/build.sh [extra maven args...]      e.g. native/build.sh verify  (also runs the *IT tests
#                                                  against the native executable)
# env: TRAWL_GRAALVM_HOME  toolchain prefix (default /opt/graalvm-local)
#      TRAWL_NATIVE_SETUP  path of setup-native.sh (default: our copy in native/toolchain/, else the
#                          workplace kit beside the project)
#      TRAWL_NATIVE_MARCH  CPU target (GraalVM -march): default x86-64-v3, which runs on any x86-64 CPU from
#                          Haswell (2013) on; 'native' = this machine's CPU: SHA-256 then runs on the CPU's SHA
#                          instructions (38 % less CPU for a 10,000-image download, BENCHMARKS.md), but the
#                          executable stops with an illegal instruction on a CPU without them
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
prefix=${TRAWL_GRAALVM_HOME:-/opt/graalvm-local}

if "$prefix/bin/native-image" --version >/dev/null 2>&1; then
  echo "native: toolchain at $prefix"
else
  setup=${TRAWL_NATIVE_SETUP:-}
  # our copy first: it carries a fix for a mirror whose index moved past the JDK's version (see its header)
  for candidate in "$repo/native/toolchain/setup-native.sh" "$repo/../shared/native-toolchain/setup-native.sh"; do
    if [ -z "$setup" ] && [ -f "$candidate" ]; then setup=$candidate; fi
  done
  [ -n "$setup" ] || { echo "native: no setup-native.sh found (set TRAWL_NATIVE_SETUP)" >&2; exit 1; }
  echo "native: installing the toolchain into $prefix with $setup (about 10 minutes, once per machine)"
  # its self-test builds a hello-world; our own build below is the real test
  SKIP_TEST=1 bash "$setup" "$prefix"
fi

cd "$repo"
# native-image takes sun.jnu.encoding (the file-name encoding) from the builder's locale and fixes it in
# the executable, whatever the locale it later runs under: build under UTF-8, so the executable writes
# UTF-8 file names (a label like "Ñandú") even when run with LC_ALL=C or POSIX
export LC_ALL=C.UTF-8
march=()
if [ -n "${TRAWL_NATIVE_MARCH:-}" ]; then march=("-Dquarkus.native.march=$TRAWL_NATIVE_MARCH"); fi
goal=${1:-package}
shift || true
if [ "$goal" = verify ]; then
  # unit tests already ran on the JVM; here only the packaged-app tests, against the native executable
  ./mvnw -B verify -Dnative -Dquarkus.native.graalvm-home="$prefix" "${march[@]}" \
    -Dtest=NoUnitTestsInTheNativePass -Dsurefire.failIfNoSpecifiedTests=false "$@"
else
  ./mvnw -B "$goal" -Dnative -Dquarkus.native.graalvm-home="$prefix" "${march[@]}" -DskipTests "$@"
fi
ls -l target/trawl-runner
ldd target/trawl-runner || true
