#!/bin/sh
# fetch-busybox.sh DIR
# Put Debian's busybox-static binary (a static glibc build) at DIR/busybox,
# downloaded with apt-get and unpacked with dpkg-deb, unless it is there.
# DIR/version names the package version.
set -eu
dir=$1
[ -x "$dir/busybox" ] && exit 0
mkdir -p "$dir"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && apt-get download -q -o APT::Sandbox::User=root busybox-static)
dpkg-deb -x "$tmp"/busybox-static_*.deb "$tmp/x"
cp "$tmp/x/bin/busybox" "$dir/busybox"
basename "$tmp"/busybox-static_*.deb .deb | cut -d_ -f2 | sed "s/%3a/:/" > "$dir/version"
echo "fetch-busybox.sh: busybox-static $(cat "$dir/version") in $dir"
