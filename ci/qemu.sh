#!/bin/sh
# qemu.sh --esp DIR [--headless] [--debug --gdbinit FILE --kernel ELF]
#         [--mem SIZE] [--smp N] [-- QEMU ARGS...]
# Boot the ESP folder under QEMU with OVMF: the standard machine (q35,
# -cpu max, 512 MiB, one CPU), KVM when it works here, else TCG. The
# serial console is on the terminal; a window shows the framebuffer
# unless --headless or there is no display. --debug waits for gdb on
# port 1234 and writes a gdb script that loads the kernel's symbols.
set -eu
here=$(dirname "$0")
esp="" headless=0 debug=0 gdbinit="" kernel="" mem=512M smp=1
while [ $# -gt 0 ]; do
	case $1 in
	--esp) esp=$2; shift ;;
	--headless) headless=1 ;;
	--debug) debug=1 ;;
	--gdbinit) gdbinit=$2; shift ;;
	--kernel) kernel=$2; shift ;;
	--mem) mem=$2; shift ;;
	--smp) smp=$2; shift ;;
	--) shift; break ;;
	*) echo "qemu.sh: unknown option $1" >&2; exit 2 ;;
	esac
	shift
done
[ -n "$esp" ] || { echo "qemu.sh: --esp DIR is required" >&2; exit 2; }

build=$(dirname "$esp")/build
mkdir -p "$build"
accel=$("$here/qemu-accel.sh" "$build/qemu-accel")
cpu=max
[ "$accel" = kvm ] && cpu=host
# The firmware writes its variables: a fresh copy each run.
vars=$build/OVMF_VARS.fd
cp /usr/share/OVMF/OVMF_VARS_4M.fd "$vars"
# The ESP as a FAT image (the same bytes a USB stick would hold).
"$here/mkimage.sh" "$esp" "$build/run.img"

display="-display none"
if [ $headless -eq 0 ] && { [ -n "${DISPLAY:-}" ] || [ -n "${WAYLAND_DISPLAY:-}" ]; }; then
	display=""
elif [ $headless -eq 0 ]; then
	echo "qemu.sh: no display here; serial console only" >&2
fi

gdb=""
if [ $debug -eq 1 ]; then
	gdb="-s -S"
	cat > "$gdbinit" <<EOT
symbol-file $kernel
set architecture i386:x86-64
target remote localhost:1234
EOT
	echo "qemu.sh: waiting for gdb: gdb -x $gdbinit" >&2
fi

echo "qemu.sh: $accel, $mem, $smp CPU(s); Ctrl-A X quits" >&2
# shellcheck disable=SC2086
exec qemu-system-x86_64 -accel "$accel" -machine q35 -cpu "$cpu" \
	-m "$mem" -smp "$smp" -nic none -no-reboot \
	-drive if=pflash,format=raw,readonly=on,file=/usr/share/OVMF/OVMF_CODE_4M.fd \
	-drive if=pflash,format=raw,file="$vars" \
	-drive format=raw,file="$build/run.img" \
	-serial mon:stdio $display $gdb "$@"
