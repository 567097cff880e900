#!/usr/bin/env bash
# Distribution checks, run by .ci/run and by the release workflow:
#   1. actionlint on the workflows and action.yml, shellcheck on their run: scripts
#   2. shellcheck on every shell script in the repository
#   3. the release build for every platform (dist/release), and the size budget
#   4. the end-to-end suite on the linux-x64 release binary; --version of linux-x64-baseline
#   5. the linux-arm64 binary under qemu user-mode emulation: --version and one
#      real fetch-and-run against the local fake AWS
# Tools that scripts/install-test-deps.sh installs (shellcheck, qemu-user-static,
# libc6-arm64-cross) are skipped with a message where missing, as the tests do.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$PATH"

step() { printf '\n== ci-dist: %s\n' "$*"; }
skip() { printf 'ci-dist: skipped: %s\n' "$*" >&2; }

step "actionlint (workflows, action.yml)"
bun scripts/lint-actions.ts

step "shellcheck (shell scripts)"
if command -v shellcheck >/dev/null 2>&1; then
  scripts=()
  while IFS= read -r -d '' file; do
    case "$file" in
      *.sh) scripts+=("$file") ;;
      *) if head -n1 "$file" | grep -Eq '^#!(/usr/bin/env |/bin/)(ba|da)?sh\b'; then scripts+=("$file"); fi ;;
    esac
  done < <(git ls-files -z)
  shellcheck "${scripts[@]}"
  echo "shellcheck: ${#scripts[@]} scripts, no problems"
else
  skip "shellcheck is missing (Debian package shellcheck)"
fi

step "release build (all platforms)"
bun scripts/release.ts
# Our code may add at most 10 % to the bare Bun runtime's download (docs/benchmarks.md).
bun scripts/release.ts --check-size-budget --target linux-x64
version=$(node -p 'require("./package.json").version')
bin=dist/release/bin

check_version() { # check_version <label> <output>
  if [ "$2" != "$version" ]; then
    echo "ci-dist: $1 --version printed '$2', expected '$version'" >&2
    exit 1
  fi
  echo "$1: --version $2"
}

step "smoke: linux-x64 release binary, end-to-end suite"
check_version linux-x64 "$("$bin/linux-x64/env-secrets" --version)"
check_version linux-x64-baseline "$("$bin/linux-x64-baseline/env-secrets" --version)"
if [ -d tests/e2e ]; then
  ENV_SECRETS_BIN="$PWD/$bin/linux-x64/env-secrets" bun test --timeout 30000 tests/e2e
else
  skip "no tests/e2e yet"
fi

step "smoke: linux-arm64 under qemu"
sysroot=/usr/aarch64-linux-gnu
if ! command -v qemu-aarch64-static >/dev/null 2>&1; then
  skip "qemu-aarch64-static is missing (Debian package qemu-user-static)"
elif [ ! -e "$sysroot/lib/ld-linux-aarch64.so.1" ]; then
  skip "the arm64 C library is missing (Debian package libc6-arm64-cross)"
else
  arm64() { qemu-aarch64-static -L "$sysroot" "$bin/linux-arm64/env-secrets" "$@"; }
  check_version linux-arm64 "$(arm64 --version)"

  if [ -f tests/fake-aws/main.ts ]; then
    work=$(mktemp -d)
    fake_pid=""
    cleanup() {
      if [ -n "$fake_pid" ]; then kill "$fake_pid" 2>/dev/null || true; fi
      rm -rf "$work"
    }
    trap cleanup EXIT
    echo '[{"name":"smoke/arm64","secretString":"{\"SMOKE_GREETING\":\"hello from arm64\"}"}]' >"$work/seed.json"
    bun tests/fake-aws/main.ts --seed "$work/seed.json" --port 0 --quiet >"$work/fake.out" 2>"$work/fake.err" &
    fake_pid=$!
    for _ in $(seq 1 100); do
      if grep -q '"url"' "$work/fake.out"; then break; fi
      sleep 0.2
    done
    url=$(sed -n 's/.*"url":"\([^"]*\)".*/\1/p' "$work/fake.out")
    if [ -z "$url" ]; then
      cat "$work/fake.err" >&2
      echo "ci-dist: the fake AWS did not start" >&2
      exit 1
    fi
    # The child (printenv) is a host binary: qemu hands its execve to the kernel.
    greeting=$(env -i PATH="$PATH" HOME="$work" \
      AWS_ACCESS_KEY_ID=AKIDSMOKETEST AWS_SECRET_ACCESS_KEY=smoke-test-secret AWS_REGION=us-east-1 \
      AWS_ENDPOINT_URL="$url" AWS_EC2_METADATA_DISABLED=true \
      AWS_CONFIG_FILE="$work/none" AWS_SHARED_CREDENTIALS_FILE="$work/none" \
      qemu-aarch64-static -L "$sysroot" "$bin/linux-arm64/env-secrets" aws -s smoke/arm64 -- printenv SMOKE_GREETING)
    if [ "$greeting" != "hello from arm64" ]; then
      echo "ci-dist: linux-arm64 fetch-and-run printed '$greeting', expected 'hello from arm64'" >&2
      exit 1
    fi
    echo "linux-arm64: fetched smoke/arm64 from the fake AWS and ran printenv with it"
  else
    skip "tests/fake-aws/main.ts is missing: no fetch-and-run under qemu"
  fi
fi

step "done"
