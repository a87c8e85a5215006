#!/usr/bin/env bash
# Builds the libFuzzer targets (not part of `swift build`):
#
#   fuzz/build.sh                      # builds every target into fuzz/out/
#   fuzz/run.sh authorization 120      # runs one for 120 s on a copy of its seed corpus
#
# Each target is the project's own module sources compiled with -sanitize=fuzzer,address, plus one
# harness file in fuzz/harness/. Needs the same apt packages as the project (libssl-dev).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out="$root/fuzz/out"
mkdir -p "$out/modules"
flags=(-sanitize=fuzzer,address -parse-as-library -O -g -swift-version 6 -enable-testing
       -Xcc -fmodule-map-file="$root/Sources/COpenSSL/module.modulemap" -I "$out/modules")

# A module as a static library with its .swiftmodule, instrumented for coverage.
build_module() {
    local name=$1; shift
    local sources; sources=$(find "$root/Sources/$name" -name '*.swift' | sort)
    # shellcheck disable=SC2086
    swiftc "${flags[@]}" -module-name "$name" -emit-module -emit-module-path "$out/modules/$name.swiftmodule" \
        -emit-library -static -o "$out/lib$name.a" $sources 2>&1 | grep -v 'Cannot export local symbol' || true
    [ -f "$out/lib$name.a" ] || { echo "building $name failed" >&2; exit 1; }
}

build_module WeChatPayCore
build_module CouponHistory

for harness in "$root"/fuzz/harness/*.swift; do
    target=$(basename "$harness" .swift)
    echo "building fuzz target $target"
    swiftc "${flags[@]}" -module-name "Fuzz_$target" "$harness" -L "$out" -lCouponHistory -lWeChatPayCore -lcrypto \
        -o "$out/$target" 2>&1 | grep -v 'Cannot export local symbol' || true
    [ -x "$out/$target" ] || { echo "building $target failed" >&2; exit 1; }
done
echo "fuzz targets in $out"
