#!/usr/bin/env bash
# Builds a Debian package of trawl with dpkg-deb.
#
#   packaging/deb/build-deb.sh [--native BINARY | --jar QUARKUS_APP_DIR] [--out DIR]
#
# --native: the single native executable (amd64 package, no dependencies but libc).
# --jar:    the JVM build (target/quarkus-app) plus the launcher, as an architecture-independent
#           package that depends on a Java 17+ runtime; for machines without a native build.
# Default: target/trawl-runner when it exists, else target/quarkus-app.
# Both install completion for bash, zsh and fish and the man page from the same build.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
mode="" input="" out="$root/target"
while [ $# -gt 0 ]; do
  case "$1" in
    --native) mode=native input=$2; shift 2 ;;
    --jar) mode=jar input=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    *) echo "usage: $0 [--native BINARY | --jar QUARKUS_APP_DIR] [--out DIR]" >&2; exit 2 ;;
  esac
done
if [ -z "$mode" ]; then
  if [ -x "$root/target/trawl-runner" ]; then mode=native input="$root/target/trawl-runner"
  else mode=jar input="$root/target/quarkus-app"; fi
fi
version=$(sed -n 's:^  <version>\(.*\)</version>:\1:p' "$root/pom.xml" | head -1)
for f in completion/trawl.bash completion/_trawl completion/trawl.fish packaging/man/trawl.1; do
  [ -f "$root/$f" ] || { echo "missing $f: build the project first (./mvnw package)" >&2; exit 1; }
done

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
pkg="$stage/trawl"
mkdir -p "$pkg/DEBIAN" "$pkg/usr/bin" "$pkg/usr/share/man/man1" "$pkg/usr/share/doc/trawl" \
  "$pkg/usr/share/bash-completion/completions" "$pkg/usr/share/zsh/vendor-completions" \
  "$pkg/usr/share/fish/vendor_completions.d"

if [ "$mode" = native ]; then
  [ -x "$input" ] || { echo "no native executable at $input" >&2; exit 1; }
  install -m 0755 "$input" "$pkg/usr/bin/trawl"
  arch=$(dpkg --print-architecture)
  depends="libc6"
  # the executable hashes with libcrypto when it is there (the CPU's SHA instructions), else in Java
  recommends="libssl3 | libssl1.1"
  description="native executable"
else
  [ -f "$input/quarkus-run.jar" ] || { echo "no JVM build at $input (quarkus-run.jar)" >&2; exit 1; }
  mkdir -p "$pkg/usr/share/trawl"
  cp -r "$input/." "$pkg/usr/share/trawl/"
  install -m 0755 "$root/packaging/bin/trawl" "$pkg/usr/share/trawl/trawl"
  # a relative link, so the package also works when unpacked under another root
  ln -s ../share/trawl/trawl "$pkg/usr/bin/trawl"
  arch=all
  depends="default-jre-headless (>= 2:1.17) | java17-runtime-headless"
  recommends=""
  description="JVM build, needs Java 17 or newer"
fi

install -m 0644 "$root/completion/trawl.bash" "$pkg/usr/share/bash-completion/completions/trawl"
install -m 0644 "$root/completion/_trawl" "$pkg/usr/share/zsh/vendor-completions/_trawl"
install -m 0644 "$root/completion/trawl.fish" "$pkg/usr/share/fish/vendor_completions.d/trawl.fish"
gzip -9n < "$root/packaging/man/trawl.1" > "$pkg/usr/share/man/man1/trawl.1.gz"
cat > "$pkg/usr/share/doc/trawl/copyright" <<TXT
Upstream-Name: trawl
Files: *
Copyright: the trawl authors
License: see the project README
TXT
size=$(du -sk "$pkg/usr" | cut -f1)
cat > "$pkg/DEBIAN/control" <<TXT
Package: trawl
Version: $version
Section: science
Priority: optional
Architecture: $arch
Depends: $depends
${recommends:+Recommends: $recommends
}Installed-Size: $size
Maintainer: trawl authors <trawl@localhost>
Description: turn scientific image sources into ML-ready datasets ($description)
 trawl finds the images, labels, boxes, licences and provenance in GBIF, IIIF,
 MBARI M3/FathomNet, Google Datastore/Cloud Storage and plain URL lists; plans
 splits, balancing and shards; downloads concurrently and politely; resumes from
 a JSON checkpoint after any crash; and writes training layouts and formats.
TXT
mkdir -p "$out"
deb="$out/trawl_${version}_${arch}.deb"
dpkg-deb --root-owner-group --build "$pkg" "$deb" >/dev/null
echo "$deb"
