#!/bin/sh
# Print the QEMU accelerator to use: "kvm" if KVM really runs guest code
# here, else "tcg". /dev/kvm can exist and still fail at the first guest
# instruction, so the test boots a one-sector guest that writes to the
# isa-debug-exit port: QEMU exits with (0x42 << 1) | 1 = 133 only if the
# guest ran. It starts with x87 instructions (fwait; fninit), the first
# thing OVMF runs that a broken KVM fails to emulate. The answer is
# cached in the file named by $1, if given.
set -u
cache=${1:-}
if [ -n "$cache" ] && [ -s "$cache" ]; then
	cat "$cache"
	exit 0
fi
answer=tcg
if [ -r /dev/kvm ] && [ -w /dev/kvm ]; then
	dir=$(mktemp -d)
	# fwait; fninit; mov al,0x42; out 0xf4,al; cli; hlt; jmp $; ... 55 aa
	printf '\233\333\343\260\102\346\364\372\364\353\376' > "$dir/boot.bin"
	truncate -s 510 "$dir/boot.bin"
	printf '\125\252' >> "$dir/boot.bin"
	timeout 5 qemu-system-x86_64 -accel kvm -machine pc -m 16M -nic none \
		-display none -serial none -monitor none -no-reboot \
		-device isa-debug-exit,iobase=0xf4,iosize=0x04 \
		-drive format=raw,file="$dir/boot.bin" >/dev/null 2>&1
	[ $? -eq 133 ] && answer=kvm
	rm -rf "$dir"
fi
[ -n "$cache" ] && mkdir -p "$(dirname "$cache")" && echo "$answer" > "$cache"
echo "$answer"
