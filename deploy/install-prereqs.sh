#!/usr/bin/env bash
# Usage: install-prereqs.sh [EXTRA-PACKAGE...]
# Installs what EdgeAlpr needs from Debian that a fresh Debian 12 machine lacks, and checks
# that OpenCV's native library then loads. Safe to run again: it installs only what is missing.
# Needs root (or sudo) only when something must be installed.
set -euo pipefail

# libgtk-3-0: native dependencies of OpenCvSharp's official Linux runtime (libOpenCvSharpExtern.so).
# ffmpeg: cameras (V4L2), network streams (RTSP, HTTP), video files and clip encoding.
# libturbojpeg0: fast JPEG decoding of photos (libjpeg-turbo's SIMD; Skia's own decoder is 3-4 × slower).
# fonts-dejavu-core: the plate lettering of synthetic clips (edge-alpr synth).
# openssl: the platform-side signing recipe for hot-list updates (docs/hotlist.md).
# espeak-ng, alsa-utils: spoken alert announcements and playing alert sounds (aplay) in patrol cars.
packages=(libgtk-3-0 ffmpeg libturbojpeg0 fonts-dejavu-core openssl espeak-ng alsa-utils "$@") # extra names: packages a caller needs too (the tests' RTSP server)

if ! command -v dotnet >/dev/null 2>&1; then
  echo "install-prereqs: the .NET 10 SDK is required and 'dotnet' is not on PATH" >&2
  exit 2
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if ((${#missing[@]})); then
  echo "install-prereqs: installing Debian packages: ${missing[*]}" >&2
  sudo=()
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null 2>&1 || { echo "install-prereqs: need root to install ${missing[*]}" >&2; exit 2; }
    sudo=(sudo)
  fi
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# After a restore, make sure the native OpenCV library finds every shared library it links.
extern=$(find "${NUGET_PACKAGES:-$HOME/.nuget/packages}/opencvsharp4.official.runtime.linux-x64" \
  -name libOpenCvSharpExtern.so 2>/dev/null | head -n 1 || true)
if [ -n "$extern" ] && ldd "$extern" | grep -q "not found"; then
  echo "install-prereqs: libOpenCvSharpExtern.so still misses libraries:" >&2
  ldd "$extern" | grep "not found" >&2
  exit 2
fi

