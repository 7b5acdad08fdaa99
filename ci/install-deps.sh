#!/bin/sh
# Install the Debian packages the build, the QEMU runs and the tests need,
# if any is missing. Safe to run every time: it asks dpkg first and only
# calls apt-get when something is absent.
set -eu

PACKAGES="
make
clang
lld
llvm
gnu-efi
ovmf
qemu-system-x86
qemu-system-gui
qemu-utils
mtools
fdisk
dosfstools
console-setup-linux
python3
python3-pytest
python3-pexpect
musl-dev
musl-tools
libc6-dev
sbsigntool
openssl
gdb
"

missing=""
for p in $PACKAGES; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed"; then
		missing="$missing $p"
	fi
done
[ -z "$missing" ] && exit 0

echo "install-deps: installing:$missing"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
# shellcheck disable=SC2086
$SUDO apt-get install -y -q --no-install-recommends $missing
