#!/usr/bin/env bash
# Installs relctl's build and test dependencies from Debian packages
# (docs/dependencies.md says why each one is here). Idempotent and quiet when
# everything is already installed.
set -euo pipefail
packages=(
  cmake ninja-build g++ git python3 clang-format
  nlohmann-json3-dev libcli11-dev libvalijson-dev libfmt-dev libspdlog-dev
  libgtest-dev libbenchmark-dev libxxhash-dev
)
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
