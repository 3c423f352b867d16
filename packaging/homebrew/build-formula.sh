#!/usr/bin/env bash
# Builds a release tarball of trawl and the Homebrew formula that installs it.
#
#   packaging/homebrew/build-formula.sh --url-base URL [--native BINARY | --jar QUARKUS_APP_DIR]
#                                       [--homepage URL] [--out DIR]
#
# The tarball (trawl-VERSION-OS-ARCH.tar.gz, or trawl-VERSION-jvm.tar.gz) holds bin/trawl, the
# completion scripts and the man page; the formula points at URL-BASE/<tarball> with its sha256,
# so publishing is: upload the tarball, commit the formula to a tap.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
mode="" input="" out="$root/target" base="" homepage=""
while [ $# -gt 0 ]; do
  case "$1" in
    --native) mode=native input=$2; shift 2 ;;
    --jar) mode=jar input=$2; shift 2 ;;
    --url-base) base=${2%/}; shift 2 ;;
    --homepage) homepage=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    *) echo "usage: $0 --url-base URL [--native BINARY | --jar QUARKUS_APP_DIR] [--homepage URL] [--out DIR]" >&2; exit 2 ;;
  esac
done
[ -n "$base" ] || { echo "--url-base is required (where the tarball will be published)" >&2; exit 2; }
homepage=${homepage:-$base}
if [ -z "$mode" ]; then
  if [ -x "$root/target/trawl-runner" ]; then mode=native input="$root/target/trawl-runner"
  else mode=jar input="$root/target/quarkus-app"; fi
fi
version=$(sed -n 's:^  <version>\(.*\)</version>:\1:p' "$root/pom.xml" | head -1)
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
dir="$stage/trawl-$version"
mkdir -p "$dir/bin" "$dir/completion" "$dir/man"
cp "$root/completion/trawl.bash" "$root/completion/_trawl" "$root/completion/trawl.fish" "$dir/completion/"
cp "$root/packaging/man/trawl.1" "$dir/man/"
if [ "$mode" = native ]; then
  install -m 0755 "$input" "$dir/bin/trawl"
  name="trawl-$version-$(uname -s | tr 'A-Z' 'a-z')-$(uname -m).tar.gz"
  depends=""
  install_lines='    bin.install "bin/trawl"'
else
  mkdir -p "$dir/libexec"
  cp -r "$input/." "$dir/libexec/"
  install -m 0755 "$root/packaging/bin/trawl" "$dir/libexec/trawl"
  name="trawl-$version-jvm.tar.gz"
  depends='  depends_on "openjdk@17"'
  install_lines='    libexec.install Dir["libexec/*"]
    (bin/"trawl").write_env_script libexec/"trawl", JAVA_HOME: Formula["openjdk@17"].opt_prefix'
fi
mkdir -p "$out"
tar -C "$stage" --owner=0 --group=0 -czf "$out/$name" "trawl-$version"
sha=$(sha256sum "$out/$name" | cut -d' ' -f1)
HOMEPAGE=$homepage URL="$base/$name" SHA256=$sha VERSION=$version DEPENDS=$depends INSTALL=$install_lines \
python3 - "$root/packaging/homebrew/trawl.rb.in" "$out/trawl.rb" <<'PY'
import os, sys
s = open(sys.argv[1]).read()
for k in ("HOMEPAGE", "URL", "SHA256", "VERSION", "DEPENDS", "INSTALL"):
    s = s.replace("@" + k + "@", os.environ[k])
open(sys.argv[2], "w").write(s)
PY
echo "$out/$name"
echo "$out/trawl.rb"
