#!/usr/bin/env bash
# Usage: install.sh [--profile fixed-pole|trailer|patrol|cveo] [--from PUBLISH_DIR] [--root DIR] [--no-apt] [--start]
# Installs a published agent (deploy/publish.sh) on a unit: /opt/edge-alpr, the service user
# edge-alpr in the device groups the board has, /etc/edge-alpr with the profile's settings and
# a new store key (never overwriting either), /var/lib/edge-alpr, and the systemd unit; enables
# it, and starts it with --start. Safe to run again: an upgrade replaces /opt/edge-alpr only.
# --root DIR stages everything under DIR instead (an image being built, or the tests): no user,
# no apt, no systemctl. Exit 2: bad arguments or not root; 1: a step failed.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

profile=fixed-pole
from=""
root=""
apt=1
start=0
while (($#)); do
  case "$1" in
    --profile) profile=${2:?--profile needs a name}; shift 2 ;;
    --from) from=${2:?--from needs a folder}; shift 2 ;;
    --root) root=${2:?--root needs a folder}; shift 2 ;;
    --no-apt) apt=0; shift ;;
    --start) start=1; shift ;;
    -h | --help) sed -n '2,8p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "install: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done

settings="$here/profiles/$profile.json"
if [ ! -f "$settings" ]; then
  known=()
  for f in "$here"/profiles/*.json; do known+=("$(basename "$f" .json)"); done
  echo "install: no profile '$profile' (there are: ${known[*]})" >&2
  exit 2
fi
if [ -z "$from" ]; then
  case "$(uname -m)" in
    aarch64) from="$here/../out/publish/linux-arm64" ;;
    x86_64) from="$here/../out/publish/linux-x64" ;;
    *) echo "install: no build for $(uname -m); give --from" >&2; exit 2 ;;
  esac
fi
[ -x "$from/edge-alpr" ] || { echo "install: $from/edge-alpr is missing: run deploy/publish.sh first, or give --from" >&2; exit 2; }
if [ -z "$root" ] && [ "$(id -u)" -ne 0 ]; then
  echo "install: run as root (or stage with --root DIR)" >&2
  exit 2
fi

staged() { printf '%s%s' "$root" "$1"; }
say() { echo "install: $*" >&2; }

# What the board needs from Debian for capture, sound and GPS (recognition's OpenCV: hardware/README.md).
if ((apt)) && [ -z "$root" ]; then
  packages=(ffmpeg espeak-ng alsa-utils gpsd)
  missing=()
  for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if ((${#missing[@]})); then
    say "installing Debian packages: ${missing[*]}"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
fi

# The service user: no login, no home of its own beyond the data folder.
if [ -z "$root" ]; then
  if ! id edge-alpr >/dev/null 2>&1; then
    say "adding the system user edge-alpr"
    useradd --system --home-dir /var/lib/edge-alpr --no-create-home --shell /usr/sbin/nologin edge-alpr
  fi
  for g in video gpio dialout audio; do
    if getent group "$g" >/dev/null; then usermod -a -G "$g" edge-alpr; fi
  done
fi
owner() { [ -n "$root" ] || chown "$1" "$2"; }

# The program: replaced whole on upgrade, so no file of an old version lingers.
install -d -m 0755 "$(staged /opt)"
rm -rf "$(staged /opt/edge-alpr.new)"
cp -a "$from" "$(staged /opt/edge-alpr.new)"
install -d "$(staged /opt/edge-alpr.new/docs)"
cp "$here/../docs/"*.md "$(staged /opt/edge-alpr.new/docs)/" 2>/dev/null || true
# The schemas (edge-alpr schema settings|mqtt): an editor on the unit finds the settings' one through "$schema".
install -d "$(staged /opt/edge-alpr.new/docs/schema)"
cp "$here/../docs/schema/"*.json "$(staged /opt/edge-alpr.new/docs/schema)/"
cp "$here/../docs/mqtt-asyncapi.json" "$(staged /opt/edge-alpr.new/docs)/"
rm -rf "$(staged /opt/edge-alpr.old)"
[ -d "$(staged /opt/edge-alpr)" ] && mv "$(staged /opt/edge-alpr)" "$(staged /opt/edge-alpr.old)"
mv "$(staged /opt/edge-alpr.new)" "$(staged /opt/edge-alpr)"
rm -rf "$(staged /opt/edge-alpr.old)"
say "installed $(staged /opt/edge-alpr) from $from"

# Settings and secrets: never overwritten; a newer profile goes beside as .new for comparison.
install -d -m 0750 "$(staged /etc/edge-alpr)"
owner root:edge-alpr "$(staged /etc/edge-alpr)"
config=$(staged /etc/edge-alpr/edge-alpr.json)
if [ -f "$config" ]; then
  cmp -s "$settings" "$config" || { install -m 0640 "$settings" "$config.new"; say "kept $config; the $profile profile is beside it as edge-alpr.json.new"; }
else
  install -m 0640 "$settings" "$config"
  say "settings: $config (the $profile profile): edit the lines marked SITE"
fi
owner root:edge-alpr "$config"
# The secrets are root's (0600): systemd reads them as root when the service starts and hands the agent a private
# copy (LoadCredential= in the unit), so the service user needs no access to the files themselves. A key made by an
# older install (owned by edge-alpr) is taken back.
key=$(staged /etc/edge-alpr/store.key)
if [ ! -f "$key" ]; then
  "$(staged /opt/edge-alpr)/edge-alpr" store new-key --out "$key" >/dev/null
  say "store key: $key (mode 0600, root's; back it up: without it the store cannot be read)"
fi
chmod 0600 "$key"
owner root:root "$key"
password=$(staged /etc/edge-alpr/mqtt-password)
if [ -f "$password" ]; then
  chmod 0600 "$password"
  owner root:root "$password"
else
  say "broker password, if the broker wants one: put it in $password (root's, mode 0600)"
fi

install -d -m 0750 "$(staged /var/lib/edge-alpr)" "$(staged /var/lib/edge-alpr/store)" "$(staged /var/lib/edge-alpr/hotlist)"
owner edge-alpr:edge-alpr "$(staged /var/lib/edge-alpr)"
owner edge-alpr:edge-alpr "$(staged /var/lib/edge-alpr/store)"
owner edge-alpr:edge-alpr "$(staged /var/lib/edge-alpr/hotlist)"

install -d "$(staged /etc/systemd/system)"
install -m 0644 "$here/edge-alpr.service" "$(staged /etc/systemd/system/edge-alpr.service)"
if [ -z "$root" ] && command -v systemctl >/dev/null 2>&1 && [ -d /run/systemd/system ]; then
  systemctl daemon-reload
  systemctl enable edge-alpr.service >/dev/null
  if ((start)); then
    systemctl restart edge-alpr.service
    say "started: 'systemctl status edge-alpr', 'journalctl -u edge-alpr -f', '/opt/edge-alpr/edge-alpr status'"
  else
    say "enabled; start it with 'systemctl start edge-alpr' once the settings are right"
  fi
else
  say "unit file installed at $(staged /etc/systemd/system/edge-alpr.service) (systemd not running here: not enabled)"
fi
say "check the settings with: sudo /opt/edge-alpr/edge-alpr config check --config /etc/edge-alpr/edge-alpr.json (exit 2 lists every problem)"
