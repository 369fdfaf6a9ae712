#!/usr/bin/env bash
# Usage: arm64-check.sh [PUBLISH_DIR]     (default: out/publish/linux-arm64, published first if missing)
# The ARM check on an x86-64 Debian 12 machine with no board: runs the linux-arm64 build of the
# agent under qemu-user (qemu-aarch64-static, called explicitly: binfmt_misc may be missing in a
# container) against a sysroot of Debian's own arm64 libraries, so a unit's start-up, configuration
# checks, hot list, evidence store and MQTT uplink are exercised on the aarch64 code they will run,
# and then recognition: `models fetch`, `recognize` on three dev photos (../shared/datasets beside the
# checkout) whose plates must read as the linux-x64 build reads them, and `demo --json` on a one-vehicle
# synthetic clip, which must read a plate and deliver every read to its broker.
# Each step prints PASS, FAIL or SKIP; the exit code is 1 if any failed (2: the check could not be
# set up). The benchmarks' JSON lines go to out/arm64-check/results.jsonl, next to the same
# benchmarks run natively by the linux-x64 build, and the emulated/native ratios are printed:
# they measure emulation on this machine, NOT a board's performance.
# Installs what is missing (qemu-user-static, mosquitto, jq, file; the arm64 architecture for apt)
# as root or with sudo. The steps that run the models need root or sudo as well (a mount namespace
# with an aarch64 /proc/cpuinfo for ONNX Runtime, below); without either they are SKIPPED, with the
# reason. The sysroot (out/arm64-sysroot) is kept and reused while Debian's versions of its packages
# stay the same. Measured on the 2-core dev machine (shared with other builds, load average 20 to 29)
# on 2026-12-05: 12 passed in 19 min (1138 s), of which the demo took 636 s (17 s a frame) and recognize
# 125 s (17 s a photo emulated, 0.2 s native). The test suite runs it, after a fresh publish, only
# with EDGE_ALPR_ARM64_CHECK=1 (tests/EdgeAlpr.Integration.Tests/Arm64CheckTests.cs).
# Environment: ARM64_CHECK_NATIVE_DIR (default out/publish/linux-x64), ARM64_CHECK_HOTLIST_ENTRIES
# (100000), ARM64_CHECK_STORE_READS (300), ARM64_CHECK_UPLINK_MESSAGES (500).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
started=$SECONDS

arm_dir=${1:-$root/out/publish/linux-arm64}
native_dir=${ARM64_CHECK_NATIVE_DIR:-$root/out/publish/linux-x64}
hotlist_entries=${ARM64_CHECK_HOTLIST_ENTRIES:-100000}
store_reads=${ARM64_CHECK_STORE_READS:-300}
uplink_messages=${ARM64_CHECK_UPLINK_MESSAGES:-500}
sysroot=$root/out/arm64-sysroot
out=$root/out/arm64-check
results=$out/results.jsonl
logs=$out/logs

# Debian's arm64 libraries the runtime and the agent load: the C and C++ runtimes (libc6 also
# brings libm, libdl, librt, libpthread and the loader), OpenSSL (store encryption, hot-list
# signatures, MQTT over TLS), zlib, ICU (unused while InvariantGlobalization is on, kept so a
# change there does not break the check), and libturbojpeg0 (the photos' JPEG decoder a board uses;
# without it the agent decodes with Skia's own). liblttng-ust is not needed: DOTNET_LTTng=0 below.
# The agent's child processes (ffmpeg, which reads and writes the demo's clip) are the host's x86-64 ones.
sysroot_packages=(libc6 libstdc++6 libgcc-s1 libssl3 zlib1g libicu72 libturbojpeg0)

# .NET under qemu-user: with W^X on (the default) the JIT writes code through a second mapping that
# qemu does not watch, so it runs stale translations: "Illegal instruction" as soon as sockets are
# used (bench uplink). Tiered PGO off: fewer re-JITs, markedly faster under emulation. The native
# baseline runs with the same settings so the ratios compare like with like.
dotnet_env=(DOTNET_EnableWriteXorExecute=0 DOTNET_TieredPGO=0 DOTNET_LTTng=0)

say() { echo "arm64-check: $*" >&2; }
die() { say "$*"; exit 2; }

sudo=()
as_root() {
  if [ "$(id -u)" -ne 0 ] && ((${#sudo[@]} == 0)); then
    command -v sudo >/dev/null 2>&1 || die "need root (or sudo) to $1"
    sudo=(sudo)
  fi
}
apt_get() { "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 "$@"; }

# ---- set-up: tools, the arm64 build, the native build, the sysroot --------------------------------

missing=()
for p in qemu-user-static mosquitto jq file; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  as_root "install ${missing[*]}"
  say "installing Debian packages: ${missing[*]}"
  apt_get update -qq
  apt_get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
qemu=$(command -v qemu-aarch64-static) || die "qemu-aarch64-static is not on PATH after installing qemu-user-static"
mosquitto=$(command -v mosquitto || echo /usr/sbin/mosquitto)
[ -x "$mosquitto" ] || die "mosquitto is not installed"

if [ ! -x "$arm_dir/edge-alpr" ]; then
  [ $# -eq 0 ] || die "$arm_dir/edge-alpr does not exist (publish with deploy/publish.sh linux-arm64)"
  say "no arm64 build yet: deploy/publish.sh linux-arm64"
  bash "$root/deploy/publish.sh" linux-arm64 >&2 || die "deploy/publish.sh linux-arm64 failed"
fi
if [ ! -x "$native_dir/edge-alpr" ]; then
  [ -z "${ARM64_CHECK_NATIVE_DIR:-}" ] || die "$native_dir/edge-alpr does not exist"
  say "no native build yet: deploy/publish.sh linux-x64"
  bash "$root/deploy/publish.sh" linux-x64 >&2 || die "deploy/publish.sh linux-x64 failed"
fi
arm_dir=$(cd "$arm_dir" && pwd)
native_dir=$(cd "$native_dir" && pwd)

if ! dpkg --print-foreign-architectures | grep -qx arm64; then
  as_root "add the arm64 architecture"
  say "adding the arm64 architecture to apt (dpkg --add-architecture arm64)"
  "${sudo[@]}" dpkg --add-architecture arm64
fi
candidate() { apt-cache policy "$1:arm64" 2>/dev/null | awk '/Candidate:/ { print $2 }'; }
if [ -z "$(candidate libc6)" ] || [ "$(candidate libc6)" = "(none)" ]; then
  as_root "update apt's package lists"
  apt_get update -qq
fi
wanted=()
for p in "${sysroot_packages[@]}"; do
  v=$(candidate "$p")
  if [ -z "$v" ] || [ "$v" = "(none)" ]; then die "Debian has no arm64 package $p"; fi
  wanted+=("$p:arm64=$v")
done
if [ "$(cat "$sysroot/.packages" 2>/dev/null)" != "${wanted[*]}" ]; then
  say "building the arm64 sysroot in $sysroot from ${wanted[*]}"
  debs=$(mktemp -d)
  chmod 755 "$debs" # apt downloads as its sandbox user
  (cd "$debs" && apt-get download -qq "${wanted[@]}" 2>"$debs/apt.log") ||
    { cat "$debs/apt.log" >&2; rm -rf "$debs"; die "apt-get download of the arm64 packages failed"; }
  rm -rf "$sysroot"
  mkdir -p "$sysroot"
  for deb in "$debs"/*.deb; do dpkg-deb -x "$deb" "$sysroot"; done
  rm -rf "$debs"
  echo "${wanted[*]}" >"$sysroot/.packages"
fi
[ -e "$sysroot/lib/ld-linux-aarch64.so.1" ] || die "the sysroot has no lib/ld-linux-aarch64.so.1"

rm -rf "$out"
mkdir -p "$out" "$logs" "$out/tmp"
: >"$results"
export TMPDIR=$out/tmp # the benchmarks' temporary stores and lists
broker_pid=
cleanup() {
  if [ -n "$broker_pid" ]; then kill "$broker_pid" 2>/dev/null || true; wait "$broker_pid" 2>/dev/null || true; fi
  rm -rf "$out/tmp"
}
trap cleanup EXIT

emu() { env "${dotnet_env[@]}" timeout --kill-after=10 600 "$qemu" -L "$sysroot" "$arm_dir/edge-alpr" "$@"; }
native() { env "${dotnet_env[@]}" timeout --kill-after=10 600 "$native_dir/edge-alpr" "$@"; }

passed=0 failed=0 skipped=0
pass() { passed=$((passed + 1)); printf 'PASS  %-16s %s\n' "$1" "$2"; }
fail() { failed=$((failed + 1)); printf 'FAIL  %-16s %s\n' "$1" "$2"; }
skip() { skipped=$((skipped + 1)); printf 'SKIP  %-16s %s\n' "$1" "$2"; }
tail_err() { sed -n '$p' "$1" | cut -c1-300; }
# why_err FILE: the agent's own message or the innermost exception before the stack trace; else the last line.
why_err() {
  awk '/^   at / { exit } /^edge-alpr: |Exception: / { last = $0 } END { if (last != "") print last; else exit 1 }' "$1" 2>/dev/null |
    sed 's/^ *---> //' | cut -c1-300 || tail_err "$1"
}

# run NAME RUNNER ARGS...: runs the agent, stdout and stderr to logs/NAME.{out,err}; sets rc and secs.
run() {
  local name=$1 runner=$2
  shift 2
  local t0=$EPOCHREALTIME
  rc=0
  "$runner" "$@" >"$logs/$name.out" 2>"$logs/$name.err" || rc=$?
  secs=$(awk -v a="$t0" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }')
}

# ONNX Runtime under qemu-user: qemu 7.2 passes the host's /proc/cpuinfo through, so ONNX Runtime's CPU
# detection (pytorch's cpuinfo library) parses an x86 text on aarch64 code. At best it cannot name the cores
# ("Unknown CPU vendor"); on some x86 hosts it crashes creating its environment (SIGSEGV, exit 139) whatever
# -cpu qemu is given. So the commands that run the models run in a private mount namespace (unshare) with
# deploy/arm64/cpuinfo-cortex-a76.txt bind-mounted over /proc/cpuinfo. That text is a Raspberry Pi 5's, as
# its kernel prints it: the BCM2712 has four Cortex-A76 cores (CPU implementer 0x41, CPU part 0xd0b),
# Features: fp asimd evtstrm aes pmull sha1 sha2 crc32 atomics fphp asimdhp cpuid asimdrdm lrcpc dcpop
# asimddp. Mounting needs root: done directly as root; otherwise through sudo without a password prompt
# (sudo -n), the command itself run as the calling user again (setpriv); with neither, the steps that run
# the models are SKIPPED with the reason, never passed.
cpuinfo=$root/deploy/arm64/cpuinfo-cortex-a76.txt
[ -f "$cpuinfo" ] || die "$cpuinfo is missing"
bind_cpuinfo='mount --bind "$0" /proc/cpuinfo && exec "$@"'
arm_cpu=() arm_cpu_problem= arm_cpu_how="as root"
if [ "$(id -u)" -eq 0 ]; then
  arm_cpu=(unshare --mount --propagation private sh -c "$bind_cpuinfo" "$cpuinfo")
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  arm_cpu=(sudo -n unshare --mount --propagation private sh -c "$bind_cpuinfo" "$cpuinfo"
    setpriv --reuid="$(id -u)" --regid="$(id -g)" --init-groups)
  arm_cpu_how="through sudo"
else
  arm_cpu_problem="ONNX Runtime under qemu-user needs an aarch64 /proc/cpuinfo mounted in a private mount namespace: run as root or with sudo (no password prompt)"
fi
if [ -z "$arm_cpu_problem" ] && ! "${arm_cpu[@]}" grep -q '^CPU part.*0xd0b' /proc/cpuinfo 2>"$logs/cpuinfo-mount.err"; then
  arm_cpu_problem="could not bind-mount $cpuinfo over /proc/cpuinfo in a private mount namespace: $(tail_err "$logs/cpuinfo-mount.err")"
fi
# The model-running commands, emulated (with the aarch64 cpuinfo) and native; the models are the ones the
# emulated `models fetch` step installed. Longer limits: a photo takes seconds under emulation, the demo minutes.
models_env=("EDGEALPR_Models__ModelsDirectory=$out/models" EDGEALPR_Models__AllowDownload=false)
emu_models() {
  "${arm_cpu[@]}" env TMPDIR="$TMPDIR" HOME="$HOME" "${dotnet_env[@]}" "${models_env[@]}" \
    timeout --kill-after=10 1800 "$qemu" -L "$sysroot" "$arm_dir/edge-alpr" "$@"
}
native_models() { env "${dotnet_env[@]}" "${models_env[@]}" timeout --kill-after=10 600 "$native_dir/edge-alpr" "$@"; }

echo "arm64-check: $arm_dir under $("$qemu" --version | head -n 1), sysroot $sysroot"
echo "arm64-check: native baseline $native_dir; runtime settings ${dotnet_env[*]}"
if [ -z "$arm_cpu_problem" ]; then
  echo "arm64-check: the models run with ${cpuinfo#"$root"/} as /proc/cpuinfo (unshare --mount, $arm_cpu_how)"
else
  echo "arm64-check: the models cannot run: $arm_cpu_problem"
fi

# ---- 0. the build is aarch64 -------------------------------------------------------------------
desc=$(file -b "$arm_dir/edge-alpr")
foreign=$(find "$arm_dir" -type f \( -name '*.so' -o -name '*.so.*' \) -exec file {} + | grep -v 'ARM aarch64' || true)
if [[ "$desc" == ELF*"ARM aarch64"* ]] && [ -z "$foreign" ]; then
  pass binary "edge-alpr and all $(find "$arm_dir" -type f -name '*.so*' | wc -l) native libraries are ELF aarch64"
else
  fail binary "edge-alpr: $desc; not aarch64: ${foreign:-none}"
fi

# ---- a. start-up -------------------------------------------------------------------------------
run startup emu --help
startup_emu=$secs
if [ "$rc" -eq 0 ] && grep -q '^Commands:' "$logs/startup.out" && grep -qE '^ +bench ' "$logs/startup.out"; then
  pass startup "--help exit 0 in ${secs} s, $(awk '/^Commands:/ { on = 1; next } on && NF { n++ } END { print n }' "$logs/startup.out") commands listed"
else
  fail startup "--help exit $rc: $(tail_err "$logs/startup.err")"
fi
run startup-native native --help
startup_native=$secs

# ---- b. configuration is validated before any work (exit 2, a clear message) --------------------
# config_step NAME PATTERN [VAR=VALUE...] -- ARGS...: expects exit 2, "configuration error" and PATTERN on stderr.
config_step() {
  local name=$1 pattern=$2
  shift 2
  local vars=()
  while [ "$1" != "--" ]; do vars+=("$1"); shift; done
  shift
  local t0=$EPOCHREALTIME
  rc=0
  env "${vars[@]}" "${dotnet_env[@]}" timeout --kill-after=10 600 "$qemu" -L "$sysroot" "$arm_dir/edge-alpr" "$@" \
    >"$logs/$name.out" 2>"$logs/$name.err" || rc=$?
  local msg
  msg=$(grep -m 1 'configuration error' "$logs/$name.err" | cut -c1-200 || true)
  if [ "$rc" -eq 2 ] && [ -n "$msg" ] && grep -q -- "$pattern" "$logs/$name.err"; then
    pass "$name" "exit 2: $msg"
  else
    fail "$name" "expected exit 2 and a configuration error naming $pattern; got exit $rc: $(tail_err "$logs/$name.err")"
  fi
}
config_step config-timespan 'Store:ReadRetention' \
  EDGEALPR_Store__ReadRetention=banana "EDGEALPR_Store__Directory=$out/tmp/store" -- store stats
config_step config-range 'Uplink:MaxInFlight' \
  EDGEALPR_Uplink__MaxInFlight=0 "EDGEALPR_Store__Directory=$out/tmp/store" -- \
  uplink drain --broker mqtt://127.0.0.1:1 --agency a --device d

# `run` (the long-running agent) is new; a build without it prints the top-level help for `run --help`.
run run-help emu run --help
if [ "$rc" -ne 0 ] || ! grep -q 'edge-alpr run' "$logs/run-help.out"; then
  skip config-run "this build has no 'edge-alpr run' command"
else
  missing_camera=/dev/edge-alpr-arm64-check-no-such-camera
  cat >"$out/run-missing-camera.json" <<EOF
{
  "Agent": {
    "Cameras": [ { "Id": "cam-missing", "Source": "$missing_camera" } ],
    "StatusFile": "$out/tmp/status.json"
  },
  "Store": { "Directory": "$out/tmp/run-store" },
  "HotList": { "Directory": "$out/tmp/run-hotlist" }
}
EOF
  run config-run emu run --config "$out/run-missing-camera.json"
  msg=$(grep -m 1 'configuration error' "$logs/config-run.err" | cut -c1-200 || true)
  if [ "$rc" -eq 2 ] && [ -n "$msg" ]; then
    names=$(grep -q -- "$missing_camera" "$logs/config-run.err" && echo "names the camera source" || echo "does NOT name the camera source")
    pass config-run "exit 2 ($names): $msg"
  else
    fail config-run "expected exit 2 and 'configuration error' for a missing camera; got exit $rc: $(tail_err "$logs/config-run.err")"
  fi
fi

# ---- models: the manifest and SHA-256 checks (no inference) -------------------------------------
models_args=(models list --json --no-download)
[ -d "$root/../shared/models" ] && models_args+=(--models-dir "$(cd "$root/../shared/models" && pwd)")
run models emu "${models_args[@]}"
if [ "$rc" -eq 0 ] && jq -e -s 'length > 0 and all(.id and .status)' "$logs/models.out" >/dev/null 2>&1; then
  pass models "$(jq -r -s 'map("\(.id)=\(.status)") | join(" ")' "$logs/models.out") (${secs} s)"
else
  fail models "models list exit $rc: $(tail_err "$logs/models.err")"
fi

# ---- c, d, e. benchmarks, emulated then native ---------------------------------------------------
# bench NAME MODE RUNNER ARGS...: the last stdout line must be a JSON object; it goes to results.jsonl.
bench() {
  local name=$1 mode=$2 runner=$3
  shift 3
  run "$name-$mode" "$runner" "$@"
  local line
  line=$(sed -n '$p' "$logs/$name-$mode.out")
  if [ "$rc" -ne 0 ] || ! jq -e 'type == "object"' <<<"$line" >/dev/null 2>&1; then
    fail "$name" "$mode: exit $rc, no JSON summary: $(tail_err "$logs/$name-$mode.err")"
    return 1
  fi
  jq -c --arg step "$name" --arg mode "$mode" --arg cmd "edge-alpr $*" --argjson wall "$secs" \
    '{step: $step, mode: $mode, command: $cmd, wall_s: $wall, result: .}' <<<"$line" >>"$results"
  echo "      $name ($mode, ${secs} s): $line"
}

hotlist_args=(bench hotlist --entries "$hotlist_entries" --json)
if bench bench-hotlist qemu-aarch64 emu "${hotlist_args[@]}"; then
  pass bench-hotlist "$hotlist_entries entries under emulation"
fi
bench bench-hotlist native-x64 native "${hotlist_args[@]}" || true

store_args=(bench store --reads "$store_reads" --json)
if bench bench-store qemu-aarch64 emu "${store_args[@]}"; then
  pass bench-store "$store_reads reads under emulation"
fi
bench bench-store native-x64 native "${store_args[@]}" || true

# A local broker: Debian's mosquitto on a free loopback port, stopped at exit.
port=
for _ in 1 2 3 4 5 6 7 8 9 10; do
  p=$((20000 + RANDOM % 40000))
  { printf 'listener %s 127.0.0.1\nallow_anonymous true\npersistence false\n' "$p"
    [ "$(id -u)" -ne 0 ] || echo "user root"; } >"$out/mosquitto.conf"
  "$mosquitto" -c "$out/mosquitto.conf" >"$logs/mosquitto.log" 2>&1 &
  broker_pid=$!
  for _ in $(seq 50); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then port=$p; break; fi
    kill -0 "$broker_pid" 2>/dev/null || break
    sleep 0.1
  done
  [ -z "$port" ] || break
  kill "$broker_pid" 2>/dev/null || true
  wait "$broker_pid" 2>/dev/null || true
  broker_pid=
done
if [ -z "$port" ]; then
  fail bench-uplink "mosquitto did not start: $(tail_err "$logs/mosquitto.log")"
else
  uplink_args=(bench uplink --broker "mqtt://127.0.0.1:$port" --messages "$uplink_messages" --json)
  if bench bench-uplink qemu-aarch64 emu "${uplink_args[@]}"; then
    summary=$(jq -r -s 'map(select(.step == "bench-uplink" and .mode == "qemu-aarch64"))[0].result | "delivered \(.delivered)/\(.messages), lost \(.lost), duplicates \(.duplicates)"' "$results")
    if jq -e -s 'map(select(.step == "bench-uplink" and .mode == "qemu-aarch64"))[0].result | .lost == 0 and .delivered == .messages' "$results" >/dev/null; then
      pass bench-uplink "$summary (mosquitto on 127.0.0.1:$port)"
    else
      fail bench-uplink "$summary: messages were lost"
    fi
  fi
  bench bench-uplink native-x64 native "${uplink_args[@]}" || true
fi

# ---- f. recognition: the models fetched, three photos read, the whole agent on a clip ---------------
# models fetch: every model of the manifest installed in a folder of the check's own, each SHA-256
# verified, from ../shared/models beside the checkout (else upstream). No inference.
fetch_args=(models fetch --json --models-dir "$out/models")
if [ -d "$root/../shared/models" ]; then
  fetch_args+=(--models-mirror "$(cd "$root/../shared/models" && pwd)" --no-download)
fi
run models-fetch emu "${fetch_args[@]}"
manifest_files=$(jq '[.models[] | .file, (.config.file // empty)] | length' "$root/models/manifest.json")
if [ "$rc" -eq 0 ] && [ "$(jq -s 'map(select(.sha256 and .bytes > 0)) | length' "$logs/models-fetch.out" 2>/dev/null)" = "$manifest_files" ]; then
  pass models-fetch "$manifest_files files verified into ${out#"$root"/}/models from $(jq -r -s 'map(.source) | unique | join(", ")' "$logs/models-fetch.out") (${secs} s)"
  fetched=1
else
  fail models-fetch "models fetch exit $rc, $(jq -s length "$logs/models-fetch.out" 2>/dev/null || echo 0) of $manifest_files files: $(why_err "$logs/models-fetch.err")"
  fetched=0
fi

# recognize: the first three photos of the US dev set, emulated and native: the same plates must be read
# (texts, photo by photo, in order). Scores are not compared: the INT8 detector's aarch64 kernels round
# otherwise than the x86-64 ones, so a box can move by a fraction of a pixel and the OCR, reading a crop
# that differs by a pixel, is surer or less sure (0.9485 against 0.9808 measured); the largest difference
# is printed.
photos_dir=$root/../shared/datasets/openalpr-us-dev
photos=()
[ -d "$photos_dir" ] && mapfile -t photos < <(find "$(cd "$photos_dir" && pwd)" -maxdepth 1 -name '*.jpg' | LC_ALL=C sort | head -n 3)
recognize_secs=
if [ -n "$arm_cpu_problem" ]; then
  skip recognize "$arm_cpu_problem"
elif [ "$fetched" -eq 0 ]; then
  skip recognize "the models-fetch step failed"
elif ((${#photos[@]} < 3)); then
  skip recognize "no three dev photos in $photos_dir (../shared/datasets beside the checkout)"
else
  run recognize emu_models recognize "${photos[@]}"
  recognize_rc=$rc recognize_secs=$secs
  run recognize-native native_models recognize "${photos[@]}"
  texts() { jq -c -s 'map({file: (.file | split("/") | last), plates: [(.plates // [])[] | .text]})' "$1" 2>/dev/null; }
  emulated=$(texts "$logs/recognize.out") native_texts=$(texts "$logs/recognize-native.out")
  shown=$(jq -r 'map(.plates | join("+") | if . == "" then "-" else . end) | join(" ")' <<<"${native_texts:-[]}")
  if [ "$recognize_rc" -ne 0 ]; then
    fail recognize "emulated: exit $recognize_rc: $(why_err "$logs/recognize.err")"
  elif [ "$rc" -ne 0 ]; then
    fail recognize "native: exit $rc: $(why_err "$logs/recognize-native.err")"
  elif ! jq -e 'length == 3 and (map(.plates | length) | add) > 0' <<<"${native_texts:-[]}" >/dev/null; then
    fail recognize "native: no plate read in the three photos: nothing to compare"
  elif [ "$emulated" != "$native_texts" ]; then
    fail recognize "emulated read $(jq -r 'map(.plates | join("+") | if . == "" then "-" else . end) | join(" ")' <<<"${emulated:-[]}"), native $shown"
  else
    confidence=$(jq -s -r --slurpfile n "$logs/recognize-native.out" '
      [., $n] | transpose | map((.[0].plates // []) as $e | (.[1].plates // []) as $x
        | range(0; $e | length) | ($e[.].confidence - $x[.].confidence) | fabs) | max // 0
      | . * 10000 | round / 10000' "$logs/recognize.out")
    pass recognize "the same plates as native x64: $shown; confidence differs by at most $confidence (${secs} s native, ${recognize_secs} s emulated)"
  fi
fi

# demo: the whole agent on a synthetic clip of one vehicle (--plates 1: 37 frames; each frame costs seconds
# under emulation): recognition, the hot list, the store and MQTT to the demo's broker. Passes when it
# read a plate and the central side received every read (delivered counts reads and hits).
demo_secs=
if [ -n "$arm_cpu_problem" ]; then
  skip demo "$arm_cpu_problem"
elif [ "$fetched" -eq 0 ]; then
  skip demo "the models-fetch step failed"
else
  run demo emu_models demo --json --plates 1
  demo_secs=$secs
  line=$(sed -n '$p' "$logs/demo.out")
  if [ "$rc" -ne 0 ] || ! jq -e 'type == "object" and (.reads | type) == "number"' <<<"$line" >/dev/null 2>&1; then
    fail demo "exit $rc, no JSON summary: $(why_err "$logs/demo.err")"
  else
    jq -c --argjson wall "$secs" '{step: "demo", mode: "qemu-aarch64", command: "edge-alpr demo --json --plates 1", wall_s: $wall, result: .}' \
      <<<"$line" >>"$results"
    summary=$(jq -r '"\(.frames) frames, \(.reads) reads, \(.hits) hits, delivered \(.delivered), clip plates read exactly \(.plates_read_exactly)/\(.plates_in_clip)"' <<<"$line")
    if jq -e '.reads > 0 and .delivered >= .reads' <<<"$line" >/dev/null; then
      pass demo "$summary (${secs} s)"
    else
      fail demo "$summary: expected reads > 0 and delivered >= reads"
    fi
  fi
fi

# ---- emulated / native -------------------------------------------------------------------------
echo
echo "Emulated aarch64 (qemu-user on this $(nproc)-core x86-64) against native x86-64, same machine:"
echo "this is the cost of emulation, NOT the performance of a board."
jq -r -s '
  def r(s; m): map(select(.step == s and .mode == m))[0].result;
  def row(s; k; kind):
    (r(s; "qemu-aarch64")[k]) as $e | (r(s; "native-x64")[k]) as $n
    | if ($e == null or $n == null or $e == 0 or $n == 0) then empty
      else [s, k, $e, $n, (if kind == "time" then $e / $n else $n / $e end)] end;
  [ row("bench-hotlist"; "import_ms"; "time"), row("bench-hotlist"; "load_ms"; "time"),
    row("bench-hotlist"; "exact_lookup_ns_p50"; "time"), row("bench-hotlist"; "fuzzy_lookup_ns_p50"; "time"),
    row("bench-store"; "insert_per_s"; "rate"), row("bench-store"; "drain_per_s"; "rate"),
    row("bench-uplink"; "msgs_per_s"; "rate"), row("bench-uplink"; "p50_ms"; "time") ]
  | (["benchmark", "metric", "emulated", "native", "slower x"] | @tsv),
    (.[] | [.[0], .[1], (.[2] | tostring), (.[3] | tostring), (.[4] * 10 | round / 10 | tostring)] | @tsv)
' "$results" | awk -F '\t' '{ printf "  %-14s %-20s %12s %12s %9s\n", $1, $2, $3, $4, $5 }'
jq -r -s '
  map(select(.step | startswith("bench-")))
  | (map(select(.mode == "qemu-aarch64")) | map(.wall_s) | add) as $e
  | (map(select(.mode == "native-x64")) | map(.wall_s) | add) as $n
  | "wall time of the three benchmarks: emulated \($e) s, native \($n) s"' "$results"
echo "start-up (edge-alpr --help): emulated $startup_emu s, native $startup_native s"
if [ -n "$recognize_secs" ] && [ -s "$logs/recognize.out" ]; then
  jq -r -s --slurpfile n "$logs/recognize-native.out" '
    def mean(f): map(f // empty) | if length == 0 then "-" else (add / length | round | tostring) end;
    "recognize, ms per photo (decode, detector and OCR; mean of \(length)): emulated \(mean(.timings.total_ms)) (detector \(mean(.timings.detect_ms))), native \($n | mean(.timings.total_ms)) (detector \($n | mean(.timings.detect_ms)))"' \
    "$logs/recognize.out" 2>/dev/null || true
fi
if [ -n "$demo_secs" ]; then
  jq -r -s 'map(select(.step == "demo"))[0] | select(.)
    | "demo: \(.result.frames) frames in \(.wall_s) s emulated, \(if .result.frames > 0 then (.wall_s / .result.frames * 10 | round / 10) else "-" end) s per frame with start-up"' "$results"
fi

echo
echo "arm64-check: $passed passed, $failed failed, $skipped skipped in $((SECONDS - started)) s; results $results, logs $logs"
[ "$failed" -eq 0 ]
