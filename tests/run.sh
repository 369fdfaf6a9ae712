#!/usr/bin/env bash
# The whole test suite, from a fresh machine: prerequisites, build, every test project.
# Models are fetched by the tests (from ../shared/models beside the checkout, else upstream).
# Ends with one line "tests: N passed, N failed, N skipped".
set -uo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

# The tests also serve RTSP on loopback with GStreamer's RTSP server (through python3-gi), and run
# Debian's Mosquitto broker with mosquitto_sub/mosquitto_pub as the platform for the uplink tests,
# gpsd fed by gpsfake, socat for a simulated serial GPS receiver, and Debian's chromium, which the console's
# browser tests drive through Playwright (no browser is downloaded). Debian's prometheus package brings
# promtool, which lints the scraped /metrics and checks and unit-tests deploy/monitoring's alert rules (it also
# installs Prometheus's server as a service, which the tests do not use; Debian has promtool in no other package).
test_packages=(systemd python3-seccomp mosquitto mosquitto-clients gpsd gpsd-clients socat sox chromium python3-gi gir1.2-gst-rtsp-server-1.0 gstreamer1.0-plugins-base gstreamer1.0-plugins-good gstreamer1.0-plugins-bad prometheus)
bash deploy/install-prereqs.sh "${test_packages[@]}" || exit 2
# The layout of the code is CSharpier's (.csharpierrc.yaml; a local tool pinned in dotnet-tools.json):
# a file it would change fails the run, so no review is spent on line breaks.
dotnet tool restore >/dev/null || exit 2
dotnet csharpier check src tests || { echo "tests: formatting differs; run 'dotnet csharpier format src tests'"; exit 1; }
dotnet build EdgeAlpr.sln -c Release -nologo -v quiet -clp:ErrorsOnly || exit 1
bash deploy/install-prereqs.sh || exit 2

log=$(mktemp)
trap 'rm -f "$log"' EXIT
dotnet test EdgeAlpr.sln -c Release --no-build -nologo 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

# Sum the per-project totals into the one closing line CI reads.
awk '
  /(Passed|Failed)! +- +Failed: +[0-9]+, +Passed: +[0-9]+, +Skipped: +[0-9]+/ {
    for (i = 1; i <= NF; i++) {
      v = $(i + 1); gsub(/,/, "", v)
      if ($i == "Failed:") f += v; else if ($i == "Passed:") p += v; else if ($i == "Skipped:") s += v
    }
    n++
  }
  END {
    if (n == 0) { print "tests: no test summary found"; exit 1 }
    printf "tests: %d passed, %d failed, %d skipped\n", p, f, s
  }' "$log" || status=1
exit "$status"
