#!/usr/bin/env bash
# Installs relctl's build and test dependencies from Debian packages
# (docs/dependencies.md says why each one is here). Idempotent and quiet when
# everything is already installed.
#
#   tools/install-deps.sh              what building relctl and its tests needs
#   tools/install-deps.sh --with-fuzz  also clang and its libFuzzer runtime, for
#                                      the fuzz targets (tools/test.sh step 4)
set -euo pipefail
packages=(
  cmake ninja-build g++ git python3 clang-format
  nlohmann-json3-dev libcli11-dev libvalijson-dev libfmt-dev libspdlog-dev
  libgtest-dev libbenchmark-dev libxxhash-dev
)
if [ "${1:-}" = "--with-fuzz" ]; then
  # Debian 12's clang is clang-14; libFuzzer's runtime is only recommended
  # by it, and recommendations are not installed below.
  packages+=(clang libclang-rt-dev)
fi
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
echo "installing: ${missing[*]}" >&2
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
