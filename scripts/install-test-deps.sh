#!/bin/sh
# Installs the Debian packages that parts of the test suite need, where missing.
# Without them those tests skip with a message naming the package; CI runs this
# (as root) so that every test runs there.
set -eu

packages=""
need() { # need <command> <package>
  command -v "$1" >/dev/null 2>&1 || packages="$packages $2"
}
need_file() { # need_file <path> <package>
  [ -e "$1" ] || packages="$packages $2"
}
need script bsdutils
need dash dash
need openssl openssl # the test CA of the HTTPS and proxy tests
need zsh zsh
need fish fish # the fish completion script's checks (tests/e2e/completion.test.ts)
need setpriv util-linux
need busybox busybox-static # the static stand-in app of the distroless test
need unshare util-linux     # PID namespaces for the PID 1 and distroless tests
# Distribution checks (scripts/ci-dist.sh, tests/dist): linters, archivers, the
# Homebrew formula's Ruby, and arm64 emulation for the release smoke test.
need shellcheck shellcheck
need ruby ruby
need zip zip
need unzip unzip
need wget wget
need qemu-aarch64-static qemu-user-static
need_file /usr/aarch64-linux-gnu/lib/ld-linux-aarch64.so.1 libc6-arm64-cross
# Peak RSS in the benchmark (scripts/bench.ts; reported as n/a without it).
need_file /usr/bin/time time

if [ -z "$packages" ]; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "install-test-deps: missing:$packages (install them to run every test)" >&2
  exit 0
fi
echo "install-test-deps: installing$packages" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $packages >/dev/null
