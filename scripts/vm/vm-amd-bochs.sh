#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Boot the test kernel on an emulated AMD CPU that reports NRIPS, as every
# AMD CPU KVM runs on does: Bochs' zambezi (Bulldozer) model, SVM with
# nested paging, by vm-intel.sh's recipe.  nokaslr: Bochs' ryzen model
# stops in the decompressor right after "Poking KASLR"; zambezi is run as
# it was first seen to boot, without KASLR.
#
# Usage: vm-amd-bochs.sh <bzImage> <initramfs> <serial log> <seconds> [cmdline...]
set -euo pipefail

BOCHS_CPU=zambezi exec "$(dirname "$(readlink -f "$0")")/vm-intel.sh" "$@" nokaslr
