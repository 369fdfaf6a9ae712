#!/usr/bin/env bash
# Usage: publish.sh [linux-arm64|linux-x64 ...]     (default: both)
# Builds the agent as a self-contained folder per runtime, out/publish/RID/, to copy onto a unit:
# the boards are linux-arm64 (hardware/README.md), linux-x64 is the dev machine and the native
# baseline of deploy/arm64-check.sh. Self-contained, so a board needs no .NET install; not single-file
# and not trimmed, so the native libraries (ONNX Runtime, SkiaSharp, OpenCV) and appsettings.json sit
# beside the binary where the agent and the board's own libOpenCvSharpExtern.so are found.
# Then checks that the binary and every native library are ELF for the runtime's CPU, and that an
# arm64 folder carries no x64 libOpenCvSharpExtern.so. Exit 2: bad arguments or no dotnet;
# 1: a publish or a check failed.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

rids=("$@")
((${#rids[@]})) || rids=(linux-arm64 linux-x64)
for rid in "${rids[@]}"; do
  case "$rid" in
    linux-arm64 | linux-x64) ;;
    *) echo "publish: unknown runtime '$rid' (linux-arm64 or linux-x64)" >&2; exit 2 ;;
  esac
done

if ! command -v dotnet >/dev/null 2>&1; then
  echo "publish: the .NET 10 SDK is required and 'dotnet' is not on PATH" >&2
  exit 2
fi

# `file` names each binary's CPU; a minimal Debian lacks it.
if ! command -v file >/dev/null 2>&1; then
  sudo=()
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null 2>&1 || { echo "publish: need root to install 'file'" >&2; exit 2; }
    sudo=(sudo)
  fi
  echo "publish: installing Debian package: file" >&2
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends file >/dev/null
fi

failed=0
summary=()
for rid in "${rids[@]}"; do
  out="$root/out/publish/$rid"
  case "$rid" in
    linux-arm64) cpu="ARM aarch64" ;;
    linux-x64) cpu="x86-64" ;;
  esac
  echo "publish: $rid -> out/publish/$rid" >&2
  rm -rf "$out" # a clean folder: nothing left over from an earlier publish (such as another runtime's .so)
  # The linux-x64 OpenCV runtime package is referenced only without a runtime or for linux-x64
  # (src/EdgeAlpr.Vision.OpenCv/*.csproj), so an arm64 publish does not bring its x64 native library.
  # SatelliteResourceLanguages=en: no translated messages of the libraries (the agent speaks English).
  if ! dotnet publish src/EdgeAlpr.Agent/EdgeAlpr.Agent.csproj -c Release -r "$rid" --self-contained true \
    -p:PublishSingleFile=false -p:PublishTrimmed=false -p:SatelliteResourceLanguages=en \
    -o "$out" -nologo -v quiet -clp:ErrorsOnly >&2; then
    echo "publish: FAIL $rid: dotnet publish failed" >&2
    failed=1
    continue
  fi

  problems=()
  [ -f "$out/appsettings.json" ] || problems+=("appsettings.json is not beside the binary")
  [ -f "$out/libonnxruntime.so" ] || problems+=("libonnxruntime.so is missing")
  case "$rid" in
    linux-arm64) [ ! -e "$out/libOpenCvSharpExtern.so" ] || problems+=("libOpenCvSharpExtern.so is there: it can only be the x64 one") ;;
    linux-x64) [ -f "$out/libOpenCvSharpExtern.so" ] || problems+=("libOpenCvSharpExtern.so (OpenCV runtime) is missing") ;;
  esac
  # The executable and every native library must be ELF for this runtime's CPU.
  natives=0
  while IFS= read -r -d '' f; do
    natives=$((natives + 1))
    desc=$(file -b "$f")
    [[ "$desc" == ELF*"$cpu"* ]] || problems+=("${f#"$out"/} is not an ELF for $cpu: $desc")
  done < <(find "$out" -type f \( -name 'edge-alpr' -o -name '*.so' -o -name '*.so.*' \) -print0)

  if ((${#problems[@]})); then
    printf 'publish: FAIL %s: %s\n' "$rid" "${problems[@]}" >&2
    failed=1
    continue
  fi
  echo "publish: $rid ok: edge-alpr and $((natives - 1)) native libraries are ELF $cpu" >&2
  summary+=("$rid: $out  $(du -sh "$out" | cut -f1)  ($(find "$out" -type f | wc -l) files)")
done

((${#summary[@]})) && printf 'publish: %s\n' "${summary[@]}"
exit "$failed"
