#!/bin/sh
# Installs the env-secrets binary for this machine, verified against the
# release's SHA256SUMS. Nothing is installed unless the checksum matches.
#
#   curl -fsSL https://github.com/env-secrets/env-secrets/releases/latest/download/install.sh | sh
#
# Settings (environment variables):
#   ENV_SECRETS_VERSION       version to install, e.g. 0.1.0 (default: the latest release)
#   ENV_SECRETS_INSTALL_DIR   where to put the binary (default: /usr/local/bin if
#                             writable, else ~/.local/bin)
#   ENV_SECRETS_DOWNLOAD_URL  base URL of the releases, for mirrors (default:
#                             https://github.com/env-secrets/env-secrets/releases);
#                             files are fetched from <base>/download/v<version>/<file>
#                             and, for the latest release, <base>/latest/download/SHA256SUMS
#
# It never edits shell startup files. Under GitHub Actions it adds the install
# directory to $GITHUB_PATH so that later steps find the binary.
set -eu

base_url=${ENV_SECRETS_DOWNLOAD_URL:-https://github.com/env-secrets/env-secrets/releases}
base_url=${base_url%/}
version=${ENV_SECRETS_VERSION:-}
version=${version#v}

say() { printf 'env-secrets install: %s\n' "$*" >&2; }
fail() { say "error: $*"; exit 1; }

# --- platform ---------------------------------------------------------------

is_musl() {
  if ldd --version 2>&1 | grep -qi musl; then return 0; fi
  for loader in /lib/ld-musl-*.so.1; do
    [ -e "$loader" ] && return 0
  done
  return 1
}

# CPU flags come from /proc/cpuinfo; the installer's tests substitute a fixture.
has_avx2() {
  grep -qw avx2 "${ENV_SECRETS_CPUINFO:-/proc/cpuinfo}" 2>/dev/null
}

# Prints the release's platform name (linux-x64, darwin-arm64, ...) or fails.
detect_platform() {
  os=$(uname -s)
  arch=$(uname -m)
  case "$arch" in
    x86_64 | amd64) arch=x64 ;;
    aarch64 | arm64) arch=arm64 ;;
    *) fail "unsupported CPU architecture '$arch': builds exist for x86_64 and arm64 (aarch64)" ;;
  esac
  case "$os" in
    Linux)
      if is_musl; then
        if [ "$arch" = x64 ] && ! has_avx2; then
          fail "no build for musl on x86_64 CPUs without AVX2; use a glibc system or build from source"
        fi
        echo "linux-$arch-musl"
      elif [ "$arch" = x64 ] && ! has_avx2; then
        echo "linux-x64-baseline"
      else
        echo "linux-$arch"
      fi
      ;;
    Darwin)
      # An x86_64 shell on Apple silicon runs under Rosetta: the native build is faster.
      if [ "$arch" = x64 ] && [ "$(sysctl -n sysctl.proc_translated 2>/dev/null || true)" = 1 ]; then
        arch=arm64
      fi
      echo "darwin-$arch"
      ;;
    MINGW* | MSYS* | CYGWIN* | Windows_NT)
      fail "on Windows, download env-secrets-<version>-windows-x64.zip from $base_url and check it against SHA256SUMS"
      ;;
    *) fail "unsupported operating system '$os': builds exist for Linux, macOS and Windows" ;;
  esac
}

# --- downloads --------------------------------------------------------------

# download <url> <file>: fails (non-zero) on any HTTP error. An https:// base
# stays on HTTPS through every redirect; plain http:// is only what the user asked for.
download() {
  if command -v curl >/dev/null 2>&1; then
    case "$1" in
      https://*) curl --proto '=https' --proto-redir '=https' --tlsv1.2 -fsSL -o "$2" "$1" ;;
      *) curl -fsSL -o "$2" "$1" ;;
    esac
  elif command -v wget >/dev/null 2>&1; then
    case "$1" in
      https://*) wget --https-only -q -O "$2" "$1" ;;
      *) wget -q -O "$2" "$1" ;;
    esac
  else
    fail "curl or wget is needed to download env-secrets"
  fi
}

sha256_of() {
  if command -v sha256sum >/dev/null 2>&1; then
    sha256sum "$1" | cut -d' ' -f1
  elif command -v shasum >/dev/null 2>&1; then
    shasum -a 256 "$1" | cut -d' ' -f1
  else
    fail "sha256sum or shasum is needed to verify the download"
  fi
}

# --- install ----------------------------------------------------------------

default_install_dir() {
  if [ -d /usr/local/bin ] && [ -w /usr/local/bin ]; then
    echo /usr/local/bin
  elif [ -n "${HOME:-}" ]; then
    echo "$HOME/.local/bin"
  else
    fail "HOME is not set and /usr/local/bin is not writable: set ENV_SECRETS_INSTALL_DIR"
  fi
}

main() {
  platform=$(detect_platform)
  install_dir=${ENV_SECRETS_INSTALL_DIR:-$(default_install_dir)}

  tmp=$(mktemp -d 2>/dev/null || mktemp -d -t env-secrets)
  trap 'rm -rf "$tmp"' EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM

  if [ -n "$version" ]; then
    sums_url="$base_url/download/v$version/SHA256SUMS"
  else
    sums_url="$base_url/latest/download/SHA256SUMS"
  fi
  download "$sums_url" "$tmp/SHA256SUMS" || fail "could not download $sums_url: without it nothing can be verified, so nothing was installed"

  # The checksum file names every archive of its release, so it also tells the
  # latest version. The pattern is anchored: a platform name is never a prefix match.
  pattern="^[0-9a-f]{64}  \\*?env-secrets-[^ ]+-$platform\\.tar\\.gz\$"
  if [ "$(grep -cE "$pattern" "$tmp/SHA256SUMS" || true)" != 1 ]; then
    fail "$sums_url has no entry for $platform: nothing was installed"
  fi
  line=$(grep -E "$pattern" "$tmp/SHA256SUMS")
  expected=${line%% *}
  archive=${line##* }
  archive=${archive#\*}
  found_version=${archive#env-secrets-}
  found_version=${found_version%-"$platform".tar.gz}
  if [ -n "$version" ] && [ "$found_version" != "$version" ]; then
    fail "$sums_url lists version $found_version, not $version: nothing was installed"
  fi
  version=$found_version

  archive_url="$base_url/download/v$version/$archive"
  say "downloading env-secrets $version for $platform"
  download "$archive_url" "$tmp/$archive" || fail "could not download $archive_url: nothing was installed"

  actual=$(sha256_of "$tmp/$archive")
  if [ "$actual" != "$expected" ]; then
    fail "checksum mismatch for $archive (expected $expected, got $actual): the download is corrupt or was tampered with; nothing was installed"
  fi

  tar -xzf "$tmp/$archive" -C "$tmp"
  binary="$tmp/${archive%.tar.gz}/env-secrets"
  [ -f "$binary" ] || fail "$archive does not contain env-secrets: nothing was installed"

  mkdir -p "$install_dir" || fail "cannot create $install_dir: set ENV_SECRETS_INSTALL_DIR to a writable directory"
  # Copy next to the target, then rename: the switch is atomic, so a running
  # env-secrets or a concurrent install never sees a half-written binary.
  staged="$install_dir/.env-secrets.$$.tmp"
  if ! cp "$binary" "$staged" 2>/dev/null; then
    rm -f "$staged"
    fail "cannot write to $install_dir: set ENV_SECRETS_INSTALL_DIR to a writable directory, or run with sudo"
  fi
  chmod 0755 "$staged"
  mv -f "$staged" "$install_dir/env-secrets"
  say "installed $install_dir/env-secrets ($version, $platform, sha256 $expected)"

  if [ "${GITHUB_ACTIONS:-}" = true ] && [ -n "${GITHUB_PATH:-}" ]; then
    printf '%s\n' "$install_dir" >>"$GITHUB_PATH"
  else
    case ":${PATH:-}:" in
      *":$install_dir:"*) ;;
      *) say "$install_dir is not in your PATH; add it, e.g. export PATH=\"$install_dir:\$PATH\"" ;;
    esac
  fi
}

main "$@"
