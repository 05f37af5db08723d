# Shared by scripts/run-demo and scripts/test. Bash only; sourced, not run.

FLAGBRIDGE_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)

# What it takes to build FlagBridge and run its tests on Debian bookworm / Ubuntu 24.04.
FLAGBRIDGE_BUILD_PACKAGES=(
  cmake ninja-build g++ git pkg-config file
  qt6-base-dev qt6-base-dev-tools qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools
  qt6-translations-l10n qt6-httpserver-dev qt6-websockets-dev qt6-charts-dev qt6-svg-dev
  libqt6sql6-sqlite libqt6svg6 qtkeychain-qt6-dev qt6-networkauth-dev libgl-dev libvulkan-dev
  fonts-dejavu-core
)
FLAGBRIDGE_TEST_PACKAGES=(
  clang libclang-rt-14-dev
  xvfb xauth dbus dbus-x11 gnome-keyring libsecret-tools
  dpkg-dev fakeroot desktop-file-utils appstream
  shared-mime-info libglib2.0-bin groff-base binutils qt6-qpa-plugins libsecret-1-0
)

log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# Installs the packages that are missing (and only those), with apt.
ensure_packages() {
  local missing=() p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  command -v apt-get >/dev/null || die "missing packages (${missing[*]}) and no apt-get: install them by hand (see README)"
  local sudo=()
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || die "missing packages (${missing[*]}): run as root or install sudo"
    sudo=(sudo)
  fi
  log "Installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  "${sudo[@]}" apt-get update -qq || die "apt-get update failed"
  "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null \
    || die "apt-get install failed for: ${missing[*]}"
}

# Node.js and npm only when a command needs them (Prism for the contract tests). A machine may
# already have a newer Node.js from elsewhere; Debian's own is enough.
ensure_node() {
  if ! command -v npm >/dev/null || ! command -v node >/dev/null; then
    ensure_packages nodejs npm
  fi
}

configure_and_build() { # build_dir "target [target...]" [extra cmake args...]
  local dir=$1 targets=$2; shift 2
  log "Configuring in $dir"
  cmake -S "$FLAGBRIDGE_ROOT" -B "$dir" -G Ninja "$@" >/dev/null || die "cmake configure failed"
  log "Building $targets"
  # shellcheck disable=SC2086
  cmake --build "$dir" --target $targets || die "build failed"
}
