#!/usr/bin/env bash
# Builds the .deb and .tar.gz of this build tree with CPack and checks them as a user gets them:
# the package's fields and dependencies, its files, the desktop integration (desktop entry,
# AppStream metadata, icons, MIME type, manual pages), and the packaged executables, run from the
# unpacked package: flagbridge-cli and flagbridge-sandbox --version, flagbridge --demo offscreen.
#
#   check-linux-packages.sh --build-dir DIR --source-dir DIR --work-dir DIR --version X.Y.Z --cpack CPACK
#
# Registered with CTest by tests/packaging/CMakeLists.txt (label "packaging"). Exits non-zero at the
# first check that fails, saying what it expected and what it found.
set -euo pipefail

build_dir="" source_dir="" work="" version="" cpack=cpack
while [ $# -gt 0 ]; do
  case $1 in
    --build-dir) build_dir=$2 ;;
    --source-dir) source_dir=$2 ;;
    --work-dir) work=$2 ;;
    --version) version=$2 ;;
    --cpack) cpack=$2 ;;
    *) echo "usage: $0 --build-dir DIR --source-dir DIR --work-dir DIR --version X.Y.Z [--cpack CPACK]" >&2; exit 2 ;;
  esac
  shift 2
done
if [ -z "$build_dir" ] || [ -z "$source_dir" ] || [ -z "$work" ] || [ -z "$version" ]; then
  echo "$0: --build-dir, --source-dir, --work-dir and --version are required" >&2
  exit 2
fi

fail() { printf 'FAIL: %s\n' "$*" >&2; exit 1; }
ok() { printf 'ok: %s\n' "$*"; }

# The tools, each with the Debian package that has it (scripts/test installs them all).
missing=()
need() { command -v "$1" >/dev/null || missing+=("$1 (package $2)"); }
need "$cpack" cmake
need dpkg-deb dpkg
need dpkg-shlibdeps dpkg-dev
need desktop-file-validate desktop-file-utils
need appstreamcli appstream
need update-mime-database shared-mime-info
need gio libglib2.0-bin
need groff groff-base
need readelf binutils
need timeout coreutils
[ ${#missing[@]} -eq 0 ] || fail "missing tools: ${missing[*]}"

app_id=io.flagbridge.FlagBridge
mime_type=application/x-flagbridge-mapping+json
icon_sizes=(16 24 32 48 64 128 256 512)

rm -rf "$work"
mkdir -p "$work"

# --- Build the packages -------------------------------------------------------------------------
start=$SECONDS
if ! "$cpack" --config "$build_dir/CPackConfig.cmake" -G "DEB;TGZ" -B "$work/out" >"$work/cpack.log" 2>&1; then
  tail -n 40 "$work/cpack.log" >&2
  fail "cpack failed (whole log: $work/cpack.log)"
fi
shopt -s nullglob
debs=("$work"/out/*.deb)
tgzs=("$work"/out/*.tar.gz)
shopt -u nullglob
[ ${#debs[@]} -eq 1 ] || fail "expected one .deb in $work/out, found ${#debs[@]}"
[ ${#tgzs[@]} -eq 1 ] || fail "expected one .tar.gz in $work/out, found ${#tgzs[@]}"
deb=${debs[0]} tgz=${tgzs[0]}
ok "cpack built $(basename "$deb") and $(basename "$tgz") in $((SECONDS - start)) s"

# --- The package's fields -----------------------------------------------------------------------
field() { dpkg-deb -f "$deb" "$1"; }
[ "$(field Package)" = flagbridge ] || fail "Package is '$(field Package)', expected 'flagbridge'"
[ "$(field Version)" = "$version" ] || fail "Version is '$(field Version)', expected the project version '$version'"
[ "$(basename "$deb")" = "flagbridge_${version}_$(dpkg --print-architecture).deb" ] \
  || fail "file name $(basename "$deb") does not follow name_version_arch.deb"
[ "$(field Architecture)" = "$(dpkg --print-architecture)" ] || fail "Architecture is '$(field Architecture)'"
# (No "producer | grep -q" or "| head" here: with pipefail, a reader leaving early fails the producer.)
description=$(field Description)
[[ ${description%%$'\n'*} == *HighLevel* ]] || fail "Description's first line: '${description%%$'\n'*}'"
ok "Package flagbridge, Version $version, Architecture $(field Architecture)"

depends=$(field Depends)
recommends=$(field Recommends)
# Split "a (>= 1), b | c" into one group per line.
groups() { tr ',' '\n' <<<"$1" | sed -e 's/^ *//' -e 's/ *$//' -e '/^$/d'; }
names() { groups "$1" | tr '|' '\n' | sed -E 's/^ *([^ (]+).*/\1/'; }
for package in libqt6core6 libqt6gui6 libqt6widgets6 libqt6network6 libqt6sql6 libqt6httpserver6 \
               libqt6keychain1 libsecret-1-0 libqt6sql6-sqlite libqt6svg6 qt6-qpa-plugins; do
  grep -qx -- "$package" <<<"$(names "$depends")" || fail "Depends lacks $package: $depends"
done
if grep -qE -- '-dev$' <<<"$(names "$depends")"; then fail "Depends names a -dev package: $depends"; fi
grep -qx gnome-keyring <<<"$(names "$recommends")" || fail "Recommends lacks gnome-keyring: '$recommends'"
ok "Depends: $depends"
ok "Recommends: $recommends"

# The smoke run below uses this machine's libraries: it says something about the package only if
# the package asks for what is installed here. Every dependency must be met by an installed package.
satisfied() { # "name" or "name (op version)"
  local name op wanted status
  name=$(sed -E 's/^ *([^ (]+).*/\1/' <<<"$1")
  op=$(sed -nE 's/.*\(([<>=]+) *([^)]+)\).*/\1/p' <<<"$1")
  wanted=$(sed -nE 's/.*\(([<>=]+) *([^)]+)\).*/\2/p' <<<"$1")
  status=$(dpkg-query -W -f='${db:Status-Status} ${Version}\n' "$name" 2>/dev/null | sed -n 1p) || return 1
  [[ $status == "installed "* ]] || return 1
  [ -z "$op" ] || dpkg --compare-versions "${status#installed }" "$op" "$wanted"
}
while IFS= read -r group; do
  met=no
  IFS='|' read -ra alternatives <<<"$group"
  for alternative in "${alternatives[@]}"; do
    if satisfied "$alternative"; then met=yes; break; fi
  done
  [ $met = yes ] || fail "dependency '$group' is not met by the packages installed on this machine"
done < <(groups "$depends")
ok "every dependency is met on this machine"

# --- The package's files ------------------------------------------------------------------------
dpkg-deb -c "$deb" >"$work/contents.txt"
paths=$(awk '{ print $6 }' "$work/contents.txt" | sed 's|^\./|/|')
has() { grep -qxE "$1" <<<"$paths" || fail "the .deb has no $1"; }
for exe in flagbridge flagbridge-cli flagbridge-sandbox; do
  has "/usr/bin/$exe"
  entry=$(grep -E " \./usr/bin/$exe\$" "$work/contents.txt")
  [[ $entry == "-rwxr-xr-x root/root "* ]] \
    || fail "/usr/bin/$exe is not -rwxr-xr-x root/root: $(grep " \./usr/bin/$exe\$" "$work/contents.txt")"
done
has "/usr/share/applications/$app_id\.desktop"
has "/usr/share/metainfo/$app_id\.metainfo\.xml"
has "/usr/share/icons/hicolor/scalable/apps/$app_id\.svg"
for size in "${icon_sizes[@]}"; do
  has "/usr/share/icons/hicolor/${size}x${size}/apps/$app_id\.png"
done
has "/usr/share/mime/packages/$app_id\.xml"
for page in flagbridge flagbridge-cli flagbridge-sandbox; do
  has "/usr/share/man/man1/$page\.1(\.gz)?"
done
has "/usr/share/flagbridge/examples/demo\.flagbridge\.json"
outside=$(grep -vE '^/(usr/(bin|share)(/.*)?)?/?$|^/usr/?$' <<<"$paths" || true)
[ -z "$outside" ] || fail "files outside /usr/bin and /usr/share: $outside"
ok "$(grep -c '^-' "$work/contents.txt") files: executables, desktop entry, metainfo, icons (SVG + ${#icon_sizes[@]} PNG sizes), MIME type, 3 manual pages, example"

# --- Unpack and check the desktop integration ---------------------------------------------------
root=$work/root
dpkg-deb -x "$deb" "$root"
share=$root/usr/share

desktop=$share/applications/$app_id.desktop
desktop-file-validate "$desktop" || fail "desktop-file-validate rejects $app_id.desktop"
desktop_value() { awk -v key="$1" 'index($0, key "=") == 1 { print substr($0, length(key) + 2); exit }' "$desktop"; }
exec_binary=$(desktop_value Exec | awk '{ print $1 }')
[ -x "$root/usr/bin/$exec_binary" ] || fail "Exec=$exec_binary is not an installed executable"
[ "$(desktop_value Icon)" = "$app_id" ] || fail "Icon=$(desktop_value Icon), expected $app_id"
grep -qx "$mime_type" <<<"$(desktop_value MimeType | tr ';' '\n')" || fail "MimeType lacks $mime_type"
ok "desktop entry valid: Exec=$exec_binary, Icon=$app_id, MimeType=$mime_type"

metainfo=$share/metainfo/$app_id.metainfo.xml
appstreamcli validate --no-net "$metainfo" >"$work/appstream.log" 2>&1 \
  || { cat "$work/appstream.log" >&2; fail "appstreamcli validate rejects the metainfo"; }
grep -q "<id>$app_id</id>" "$metainfo" || fail "metainfo id is not $app_id"
grep -q "<launchable type=\"desktop-id\">$app_id.desktop</launchable>" "$metainfo" \
  || fail "metainfo does not launch $app_id.desktop"
grep -qE "<release version=\"$version\" date=\"[0-9]{4}-[0-9]{2}-[0-9]{2}\"" "$metainfo" \
  || fail "metainfo's release is not $version: $(grep '<release ' "$metainfo")"
ok "metainfo valid (appstreamcli: $(tail -n1 "$work/appstream.log")), release $version"

png_size() { # width x height from the IHDR chunk
  local bytes
  read -ra bytes <<<"$(od -An -tu1 -j16 -N8 "$1")"
  echo "$(( (bytes[0] << 24) + (bytes[1] << 16) + (bytes[2] << 8) + bytes[3] ))x$(( (bytes[4] << 24) + (bytes[5] << 16) + (bytes[6] << 8) + bytes[7] ))"
}
for size in "${icon_sizes[@]}"; do
  png=$share/icons/hicolor/${size}x${size}/apps/$app_id.png
  [ "$(head -c8 "$png" | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ] || fail "$png is not a PNG"
  [ "$(png_size "$png")" = "${size}x${size}" ] || fail "$png is $(png_size "$png"), expected ${size}x${size}"
done
cmp -s "$share/icons/hicolor/scalable/apps/$app_id.svg" "$source_dir/resources/icons/flagbridge.svg" \
  || fail "the packaged SVG icon is not resources/icons/flagbridge.svg"
(cd "$source_dir" && sha256sum --quiet --check resources/icons/rendered-from.sha256) >/dev/null 2>&1 \
  || fail "the PNG, .ico and .icns icons were rendered from another SVG: run packaging/render-icons and commit"
ok "icons: SVG and PNGs at ${icon_sizes[*]}, rendered from the current SVG"

# The MIME type as a file manager sees it: a mapping file is ours, other JSON stays JSON.
mkdir -p "$work/mime-home" "$work/xdg/mime/packages" "$work/files"
cp /usr/share/mime/packages/freedesktop.org.xml "$share/mime/packages/$app_id.xml" "$work/xdg/mime/packages/"
XDG_DATA_DIRS=$work/xdg update-mime-database "$work/xdg/mime" || fail "update-mime-database rejects $app_id.xml"
cp "$source_dir/examples/demo.flagbridge.json" "$work/files/shop.flagbridge.json"
cp "$source_dir/examples/demo.flagbridge.json" "$work/files/plain.json"
content_type() {
  XDG_DATA_HOME=$work/mime-home XDG_DATA_DIRS=$work/xdg gio info -a standard::content-type "$1" \
    | sed -n 's/^ *standard::content-type: //p'
}
[ "$(content_type "$work/files/shop.flagbridge.json")" = "$mime_type" ] \
  || fail "shop.flagbridge.json is '$(content_type "$work/files/shop.flagbridge.json")', expected $mime_type"
[ "$(content_type "$work/files/plain.json")" = application/json ] \
  || fail "plain.json is '$(content_type "$work/files/plain.json")', expected application/json"
ok "MIME: *.flagbridge.json is $mime_type, other .json stays application/json"

# Manual pages: they render without warnings and describe what each program's --help lists.
man_source() { zcat -f "$share/man/man1/$1.1"*; }
for page in flagbridge flagbridge-cli flagbridge-sandbox; do
  warnings=$( (man_source "$page" | LC_ALL=C.UTF-8 groff -man -Tutf8 -ww -z) 2>&1 )
  [ -z "$warnings" ] || fail "$page.1 has troff warnings: $warnings"
done
for program in flagbridge flagbridge-sandbox; do
  page=$(man_source "$program")
  while read -r option; do
    grep -qF -- "${option//-/\\-}" <<<"$page" || fail "$program.1 does not describe $option ($program --help does)"
  done < <(QT_QPA_PLATFORM=offscreen "$root/usr/bin/$program" --help 2>/dev/null | grep -oE '^ +(-[a-z], )?--[a-z][a-z-]*' | grep -oE -- '--[a-z-]+')
done
cli_page=$(man_source flagbridge-cli)
cli=$root/usr/bin/flagbridge-cli
help=$("$cli" --help)
while read -r variable; do
  grep -q "$variable" <<<"$cli_page" || fail "flagbridge-cli.1 does not describe $variable (flagbridge-cli --help does)"
done < <(grep -oE 'FLAGBRIDGE_[A-Z_]+' <<<"$help" | sort -u)
# Commands: the first word of each indented usage line in --help ("  contacts list ...").
while read -r command; do
  grep -qF "\\fB${command//-/\\-}" <<<"$cli_page" || fail "flagbridge-cli.1 does not describe the command '$command' (flagbridge-cli --help does)"
done < <(grep -oE '^  [a-z][a-z-]+ ' <<<"$help" | sort -u)
for code in 0 1 2 3; do
  grep -qx "\.B $code" <<<"$cli_page" || fail "flagbridge-cli.1 does not describe exit status $code"
done
ok "manual pages render cleanly and cover the options, commands, variables and exit codes of --help"

# --- Run what was packaged ----------------------------------------------------------------------
# Nothing of the user's: own home, settings, data, runtime dir, no connections from the environment.
export HOME=$work/home XDG_CONFIG_HOME=$work/home/config XDG_DATA_HOME=$work/home/data
export XDG_CACHE_HOME=$work/home/cache XDG_RUNTIME_DIR=$work/home/runtime
mkdir -p "$XDG_CONFIG_HOME" "$XDG_DATA_HOME" "$XDG_CACHE_HOME" "$XDG_RUNTIME_DIR"
chmod 700 "$XDG_RUNTIME_DIR"
unset FLAGBRIDGE_GHL_TOKEN FLAGBRIDGE_GHL_LOCATION FLAGBRIDGE_GHL_BASE_URL FLAGBRIDGE_LD_TOKEN \
  FLAGBRIDGE_LD_BASE_URL FLAGBRIDGE_LD_PROJECT FLAGBRIDGE_LD_ENV FLAGBRIDGE_DATA_DIR
export QT_QPA_PLATFORM=offscreen

# A run path relative to the executable ($ORIGIN/../lib, as qt_standard_project_setup() sets) is
# harmless; one into the build or source tree would load libraries from there.
for exe in flagbridge flagbridge-cli flagbridge-sandbox; do
  runpath=$(readelf -d "$root/usr/bin/$exe" | sed -nE 's/.*\((RPATH|RUNPATH)\).*\[(.*)\]/\2/p')
  # shellcheck disable=SC2016 # a literal $ORIGIN
  if grep -qvE '^(\$ORIGIN(/.*)?)?$' <<<"${runpath//:/$'\n'}"; then
    fail "/usr/bin/$exe has a run path outside the package: $runpath"
  fi
done

cli_version=$("$cli" --version)
[[ $cli_version =~ ^flagbridge-cli\ ${version//./\\.}(\ \([0-9a-f]+\))?$ ]] \
  || fail "flagbridge-cli --version says '$cli_version', expected 'flagbridge-cli $version [(revision)]'"
ok "flagbridge-cli --version: $cli_version"
sandbox_version=$("$root/usr/bin/flagbridge-sandbox" --version)
[ "$sandbox_version" = "flagbridge-sandbox $version" ] \
  || fail "flagbridge-sandbox --version says '$sandbox_version', expected 'flagbridge-sandbox $version'"
app_version=$("$root/usr/bin/flagbridge" --version 2>/dev/null)
[[ $app_version == *" $version" ]] || fail "flagbridge --version says '$app_version', expected it to end in $version"
ok "flagbridge-sandbox and flagbridge report $version"

# The packaged CLI plans the packaged example against the demo workspace (SQLite ledger included).
if ! timeout 300 "$cli" --demo sync --mapping "$share/flagbridge/examples/demo.flagbridge.json" --dry-run --json \
     >"$work/cli-sync.json" 2>"$work/cli-sync.err"; then
  cat "$work/cli-sync.err" >&2
  fail "flagbridge-cli --demo sync --dry-run with the packaged example failed"
fi
grep -q '"dryRun": *true' "$work/cli-sync.json" || fail "the dry run's JSON report does not say dryRun: $(head -c 300 "$work/cli-sync.json")"
ok "flagbridge-cli --demo sync --dry-run with the packaged example mapping"

set +e
timeout 300 "$root/usr/bin/flagbridge" --demo --exit-after 3000 >"$work/app.log" 2>&1
status=$?
set -e
[ $status -eq 0 ] || { tail -n 30 "$work/app.log" >&2; fail "flagbridge --demo --exit-after 3000 exited with $status"; }
ok "flagbridge --demo --exit-after 3000 exited 0 (offscreen)"

rm -f "$work/window.png"
set +e
timeout 300 "$root/usr/bin/flagbridge" --demo --contacts 200 --screenshot "$work/window.png" --exit-after 120000 \
  >"$work/app-screenshot.log" 2>&1
status=$?
set -e
[ $status -eq 0 ] || { tail -n 30 "$work/app-screenshot.log" >&2; fail "flagbridge --demo --screenshot exited with $status"; }
if [ ! -s "$work/window.png" ] || [ "$(head -c8 "$work/window.png" | od -An -tx1 | tr -d ' \n')" != 89504e470d0a1a0a ]; then
  fail "flagbridge --demo --screenshot wrote no PNG"
fi
ok "flagbridge --demo drew its window: $work/window.png ($(png_size "$work/window.png"))"

# --- The tarball --------------------------------------------------------------------------------
top=flagbridge-$version-Linux
tar -tzf "$tgz" >"$work/tgz-contents.txt"
for path in bin/flagbridge bin/flagbridge-cli bin/flagbridge-sandbox \
            "share/applications/$app_id.desktop" "share/metainfo/$app_id.metainfo.xml" \
            "share/icons/hicolor/256x256/apps/$app_id.png" "share/mime/packages/$app_id.xml"; do
  grep -qx "$top/$path" "$work/tgz-contents.txt" || fail "the .tar.gz has no $top/$path"
done
mkdir -p "$work/tgz"
tar -xzf "$tgz" -C "$work/tgz"
tgz_version=$("$work/tgz/$top/bin/flagbridge-cli" --version)
[ "$tgz_version" = "$cli_version" ] || fail "the .tar.gz's flagbridge-cli says '$tgz_version'"
ok "$(basename "$tgz"): $(grep -vc '/$' "$work/tgz-contents.txt") files under $top/, flagbridge-cli --version: $tgz_version"

echo "PASS: Linux packages of FlagBridge $version"
