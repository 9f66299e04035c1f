#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Install the Debian packages the workbench needs, if any is missing.  As
# root it runs apt-get; otherwise it prints the command to run.
set -euo pipefail

pkgs=(build-essential flex bison bc cpio kmod libelf-dev libssl-dev rsync
      git xz-utils busybox-static coreutils util-linux
      qemu-system-x86 bochs bochs-term bochsbios vgabios
      xorriso isolinux syslinux-common
      sparse coccinelle ocaml-nox codespell python3-ply python3-git
      python3-sphinx python3-sphinx-rtd-theme python3-yaml
      libglib2.0-0 libtirpc3
      dpkg-dev ninja-build python3-venv libglib2.0-dev libpixman-1-dev)

missing=()
for p in "${pkgs[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' ||
		missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
	echo "deps: missing packages; run as root:" >&2
	echo "  apt-get update && apt-get install -y --no-install-recommends ${missing[*]}" >&2
	exit 1
fi
echo "deps: installing ${missing[*]}"
apt-get update -q >/dev/null
DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
	"${missing[@]}" >/dev/null
