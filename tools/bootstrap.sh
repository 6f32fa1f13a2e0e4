#!/usr/bin/env bash
# README command 1: install dependencies, build, and audit the bundled example.
set -euo pipefail
cd "$(dirname "$0")/.."
tools/install-deps.sh
cmake -S . -B build-release -G Ninja -DCMAKE_BUILD_TYPE=Release -DRELCTL_WERROR=OFF >/dev/null
cmake --build build-release --target relctl
# The example's work claim is dated; pin the clock so the output is stable.
./build-release/src/relctl --root examples/harbor --now 2026-11-22T12:00:00Z audit --pretty
