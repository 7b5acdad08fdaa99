# Build, ESP, disk image, QEMU runs and tests. Read top to bottom:
# tools and flags, the loader, the kernel, the ESP and image, running,
# tests. Everything built goes to build/ and esp/.

BUILD	:= build
ESP	:= esp

CC	:= clang
LD	:= ld.lld
LLD_LINK := lld-link
HOSTCC	:= clang
PYTHON	:= /usr/bin/python3

CMDLINE	?=
FONT	:= /usr/share/consolefonts/Uni2-Terminus18x10.psf.gz

WARN	:= -Wall -Wextra -Werror -Wmissing-prototypes -Wstrict-prototypes \
	   -Wno-unused-parameter

.PHONY: all esp esp-checks image sign usb run run-headless debug test host-tests boot-tests \
	fuzz bench clean deps
.DELETE_ON_ERROR:

all: $(BUILD)/BOOTX64.EFI $(BUILD)/kernel.elf user

# ---------------------------------------------------------------- loader
# A native PE32+ EFI application: clang's Windows target with gnu-efi's
# headers, linked by lld-link (see README.md).
LOADER_CFLAGS := -target x86_64-unknown-windows -ffreestanding \
	-fshort-wchar -mno-red-zone -fno-stack-protector -mno-stack-arg-probe \
	-mgeneral-regs-only -DGNU_EFI_USE_MS_ABI \
	-isystem /usr/include/efi -isystem /usr/include/efi/x86_64 \
	-std=c11 -O2 $(WARN) -MMD -MP
LOADER_SRC := $(wildcard loader/*.c) $(wildcard loader/*.S)
LOADER_OBJ := $(patsubst %,$(BUILD)/%.obj,$(basename $(LOADER_SRC)))

$(BUILD)/loader/%.obj: loader/%.c
	@mkdir -p $(@D)
	$(CC) $(LOADER_CFLAGS) -c $< -o $@

$(BUILD)/loader/%.obj: loader/%.S
	@mkdir -p $(@D)
	$(CC) -target x86_64-unknown-windows -c $< -o $@

$(BUILD)/BOOTX64.EFI: $(LOADER_OBJ)
	$(LLD_LINK) /nologo /subsystem:efi_application /entry:efi_main \
		/nodefaultlib /out:$@ $^

# ---------------------------------------------------------------- kernel
KERNEL_CFLAGS := -target x86_64-unknown-none-elf -ffreestanding \
	-fno-pic -fno-pie -mcmodel=kernel -mno-red-zone -mgeneral-regs-only \
	-fno-omit-frame-pointer -mno-omit-leaf-frame-pointer \
	-fstack-protector-strong -mstack-protector-guard=global \
	-fno-builtin -nostdinc \
	-isystem $(shell $(CC) -print-resource-dir)/include \
	-std=gnu11 -O2 -g $(WARN) -MMD -MP
# Kernel flavours, each with its objects apart in $(KOBJ):
# DEBUG=1 the debugging kernel (KERNEL_DEBUG: freed heap objects poisoned
# and checked on reuse, lock order and invariant checks, fault injection);
# SANITIZE=1 clang's undefined-behaviour sanitizer, reported by the
# kernel's own runtime (kernel/ubsan.c), which panics.
KOBJ	:= $(BUILD)/kernel
ifeq ($(DEBUG),1)
KERNEL_CFLAGS += -DKERNEL_DEBUG
KOBJ	:= $(KOBJ)-debug
endif
ifeq ($(SANITIZE),1)
KERNEL_CFLAGS += -fsanitize=undefined -fno-sanitize=function \
	-fsanitize-recover=undefined -DKERNEL_UBSAN
KOBJ	:= $(KOBJ)-ubsan
endif
KERNEL_SRC := $(wildcard kernel/*.c kernel/fs/*.c kernel/arch/x86_64/*.c \
		kernel/arch/x86_64/*.S)
ifneq ($(SANITIZE),1)
KERNEL_SRC := $(filter-out kernel/ubsan.c,$(KERNEL_SRC))
endif
ifneq ($(DEBUG),1)
KERNEL_SRC := $(filter-out kernel/failinject.c kernel/lockorder.c,\
	$(KERNEL_SRC))
endif
KELF	:= $(KOBJ)/kernel.elf
KERNEL_OBJ := $(patsubst kernel/%,$(KOBJ)/%.o,$(basename $(KERNEL_SRC)))

$(KOBJ)/%.o: kernel/%.c
	@mkdir -p $(@D)
	$(CC) $(KERNEL_CFLAGS) -c $< -o $@

# The sanitizer's runtime is not checked by itself.
$(KOBJ)/ubsan.o: KERNEL_CFLAGS += -fno-sanitize=all

$(KOBJ)/%.o: kernel/%.S
	@mkdir -p $(@D)
	$(CC) -target x86_64-unknown-none-elf -c $< -o $@

# The console font, embedded as _binary_font_psf_start/_end.
$(BUILD)/kernel/font.o: $(FONT)
	@mkdir -p $(@D)
	gzip -dc $< > $(@D)/font.psf
	cd $(@D) && $(LD) -m elf_x86_64 -r -b binary -o font.o font.psf

# Unstripped: the loader hands the file to the kernel for its symbols.
$(KELF): $(KERNEL_OBJ) $(BUILD)/kernel/font.o kernel/kernel.ld
	$(LD) -nostdlib -static -z max-page-size=4096 -T kernel/kernel.ld \
		-Map $(KOBJ)/kernel.map -o $@ $(KERNEL_OBJ) $(BUILD)/kernel/font.o

# build/kernel.elf is the last flavour built (DEBUG, SANITIZE), for gdb
# and the host tests; the marker copies it again when the flavour changes.
$(BUILD)/kernel.elf: $(KELF) $(KOBJ)/.flavour
	cp $(KELF) $@

$(KOBJ)/.flavour: FORCE
	@mkdir -p $(@D)
	@for f in $(BUILD)/kernel*/.flavour; do \
		[ $$f = $@ ] || rm -f $$f; done
	@[ -f $@ ] || touch $@

.PHONY: FORCE

# ---------------------------------------------------------------- user
# One static musl program per user/*.c (Debian's musl-dev; clang's driver
# does not know its layout, so the start files and libc are named here).
MUSL	:= /usr/lib/x86_64-linux-musl
USER_CFLAGS := --target=x86_64-linux-musl -nostdinc \
	-isystem $(shell $(CC) -print-resource-dir)/include \
	-isystem /usr/include/x86_64-linux-musl \
	-std=gnu11 -O2 $(WARN) -Wno-missing-prototypes -MMD -MP
# user/*.c: test programs; user/bin/*.c: the utilities; user/sh/: the
# shell, one program of several files; user/lib/: headers they share.
USER_SRC := $(wildcard user/*.c user/bin/*.c)
USER_BIN := $(patsubst user/%.c,$(BUILD)/user/%,$(USER_SRC)) \
	$(BUILD)/user/sh/sh
SH_OBJ	:= $(patsubst %.c,$(BUILD)/%.o,$(wildcard user/sh/*.c))
# Names that are another program: [ is test; reboot and halt are poweroff.
USER_ALIASES := [:test reboot:poweroff halt:poweroff

.PHONY: user
user: $(USER_BIN)

$(BUILD)/user/%.o: user/%.c
	@mkdir -p $(@D)
	$(CC) $(USER_CFLAGS) -c $< -o $@

USER_LINK = $(CC) --target=x86_64-linux-musl -static -nostdlib -fuse-ld=lld \
	-o $@ $(MUSL)/crt1.o $(MUSL)/crti.o $^ $(MUSL)/libc.a $(MUSL)/crtn.o

$(BUILD)/user/%: $(BUILD)/user/%.o
	$(USER_LINK)

$(BUILD)/user/sh/sh: $(SH_OBJ)
	$(USER_LINK)

# The thread test again, linked statically against glibc (Debian's
# libc6-dev) instead of musl: glibc's threads take other paths (clone3
# first, rseq, its own robust-list and exit handling).
GLIBC_BIN := $(BUILD)/user/test_pthread_glibc
$(GLIBC_BIN): user/test_pthread.c user/test.h
	@mkdir -p $(@D)
	$(CC) --target=x86_64-linux-gnu -static -O2 $(WARN) \
		-Wno-missing-prototypes -fuse-ld=lld -o $@ $< -lpthread

# ---------------------------------------------------------------- ESP
# esp/ is what a USB stick holds; see README.md for its layout. root/
# holds /bin (every program) and /etc (user/etc). BUSYBOX=1 adds Debian's
# busybox-static as /bin/busybox (fetched into build/busybox/).
BUSYBOX	?= 0
ESP_EXTRA := $(if $(filter 1,$(BUSYBOX)),$(BUILD)/busybox/busybox)

$(BUILD)/busybox/busybox:
	ci/fetch-busybox.sh $(@D)

esp: $(BUILD)/BOOTX64.EFI $(KELF) $(USER_BIN) $(GLIBC_BIN) \
	$(wildcard user/etc/*) $(ESP_EXTRA)
	rm -rf $(ESP)
	mkdir -p $(ESP)/EFI/BOOT $(ESP)/boot $(ESP)/root/bin $(ESP)/root/etc
	cp $(BUILD)/BOOTX64.EFI $(ESP)/EFI/BOOT/BOOTX64.EFI
	cp $(KELF) $(ESP)/boot/kernel.elf
	printf '%s\n' "$(CMDLINE)" > $(ESP)/boot/cmdline
	cp $(USER_BIN) $(GLIBC_BIN) $(ESP)/root/bin/
	for a in $(USER_ALIASES); do \
		cp "$(ESP)/root/bin/$${a#*:}" "$(ESP)/root/bin/$${a%%:*}"; done
	cp user/etc/* $(ESP)/root/etc/
	$(if $(ESP_EXTRA),cp $(ESP_EXTRA) $(ESP)/root/bin/)

# Secure Boot: sign esp/'s loader with a key whose certificate the PC's
# firmware trusts (README: Secure Boot). After make esp, which rewrites it.
sign: deps
	@test -n "$(KEY)" -a -n "$(CERT)" || \
		{ echo "usage: make sign KEY=key.pem CERT=cert.pem" >&2; exit 2; }
	@test -f $(ESP)/EFI/BOOT/BOOTX64.EFI || \
		{ echo "make sign: no $(ESP)/EFI/BOOT/BOOTX64.EFI: make esp first" >&2; exit 1; }
	ci/sign.sh "$(KEY)" "$(CERT)" $(ESP)/EFI/BOOT/BOOTX64.EFI

# A GPT disk image with one FAT32 EFI System Partition holding esp/.
image: esp
	ci/mkimage.sh $(ESP) $(BUILD)/disk.img

# Write the image to a USB stick: ci/usb.sh checks that DEV is a whole,
# removable, unmounted disk and asks before it writes.
usb: deps image
	@test -n "$(DEV)" || { echo "usage: make usb DEV=/dev/sdX" >&2; exit 2; }
	ci/usb.sh "$(DEV)" $(BUILD)/disk.img

# ---------------------------------------------------------------- QEMU
deps:
	@ci/install-deps.sh

run: deps esp
	ci/qemu.sh --esp $(ESP)

run-headless: deps esp
	ci/qemu.sh --esp $(ESP) --headless

debug: deps esp
	ci/qemu.sh --esp $(ESP) --debug --gdbinit $(BUILD)/gdbinit \
		--kernel $(KELF)

# ---------------------------------------------------------------- tests
# Host unit tests: pure loader and kernel code built for the host, each
# test program linked with the sources it tests. kernel/ serves "quoted"
# includes only, so that <string.h> in a test is still libc's.
HOST_CFLAGS := -std=gnu11 -O1 -g -DHOST_TEST -iquote kernel $(WARN) \
	-Wno-missing-prototypes -fsanitize=address,undefined \
	-fno-sanitize-recover=all
HOST_TESTS := test_elf test_memmap test_cmdline test_pmm test_kmalloc \
	test_printf test_keymap test_clock test_madt test_acpi test_runq \
	test_waitq test_pagetree test_fbcon

$(BUILD)/tests/test_elf: tests/host/test_elf.c loader/elf.c
$(BUILD)/tests/test_memmap: tests/host/test_memmap.c loader/memmap.c
$(BUILD)/tests/test_cmdline: tests/host/test_cmdline.c kernel/cmdline.c
$(BUILD)/tests/test_pmm: tests/host/test_pmm.c kernel/pmm.c \
	tests/host/stubs.c
$(BUILD)/tests/test_kmalloc: tests/host/test_kmalloc.c kernel/kmalloc.c \
	kernel/pmm.c tests/host/stubs.c
$(BUILD)/tests/test_printf: tests/host/test_printf.c kernel/printf.c
# printf.c's names would replace libc's, which the test uses as its oracle.
$(BUILD)/tests/test_printf: HOST_CFLAGS += -Dsnprintf=ksnprintf \
	-Dvsnprintf=kvsnprintf

$(BUILD)/tests/test_keymap: tests/host/test_keymap.c kernel/keymap.c
$(BUILD)/tests/test_clock: tests/host/test_clock.c kernel/clock.c
# The ACPI tests read tables captured from QEMU (tests/host/data/capture.py).
$(BUILD)/tests/test_madt: tests/host/test_madt.c kernel/acpi_parse.c \
	$(wildcard tests/host/data/*.bin)
$(BUILD)/tests/test_acpi: tests/host/test_acpi.c kernel/acpi_parse.c \
	$(wildcard tests/host/data/*.bin)
$(BUILD)/tests/test_madt $(BUILD)/tests/test_acpi: HOST_CFLAGS += \
	-DACPI_DATA='"$(CURDIR)/tests/host/data"'
$(BUILD)/tests/test_runq: tests/host/test_runq.c kernel/runq.c \
	tests/host/stubs.c
$(BUILD)/tests/test_waitq: tests/host/test_waitq.c kernel/waitq.c \
	tests/host/sched_stubs.c tests/host/stubs.c
$(BUILD)/tests/test_pagetree: tests/host/test_pagetree.c \
	kernel/fs/pagetree.c
# With the console font as the kernel embeds it.
$(BUILD)/tests/test_fbcon: tests/host/test_fbcon.c kernel/fbcon.c \
	tests/host/stubs.c $(BUILD)/kernel/font.o
$(BUILD)/tests/test_fbcon: HOST_LIBS = $(BUILD)/kernel/font.o

# Rebuilt when any header changes: cheap, and never stale.
$(addprefix $(BUILD)/tests/,$(HOST_TESTS)): $(wildcard tests/host/*.h \
	shared/*.h loader/*.h kernel/*.h kernel/fs/*.h kernel/arch/x86_64/*.h)

$(BUILD)/tests/%:
	@mkdir -p $(@D)
	$(HOSTCC) $(HOST_CFLAGS) -o $@ $(filter %.c,$^) $(HOST_LIBS)

host-tests: $(addprefix $(BUILD)/tests/,$(HOST_TESTS))
	@fail=0; for t in $^; do echo "== $$t"; $$t || fail=1; done; \
	exit $$fail

# The whole boot suite twice: on 1 CPU with the kernel asked for (the
# plain one, unless DEBUG or SANITIZE say otherwise), then on 4 CPUs with
# the checking kernel, DEBUG=1 SANITIZE=1 ($(CHECK_ESP)). Tests that set
# their own CPU count run in the first pass only (the self-tests and
# busybox also run on 2). Each pass names its slowest tests.
CHECK_ESP := $(BUILD)/esp-checks

esp-checks: esp
	$(MAKE) DEBUG=1 SANITIZE=1 ESP=$(CHECK_ESP) esp

boot-tests: esp esp-checks
	BOOT_SMP=1 $(PYTHON) -m pytest -v --durations=12 tests/boot
	BOOT_SMP=4 BOOT_ESP=$(CHECK_ESP) $(PYTHON) -m pytest -v \
		--durations=12 tests/boot

test: deps
	$(MAKE) all
	$(MAKE) host-tests
	$(MAKE) boot-tests

# The system-call fuzzer for as long as asked: N calls (default
# 1,000,000) on FUZZ_SMP CPUs (default 1), then the checks of
# tests/boot/test_fuzz.py. A random seed unless SEED=s repeats a run.
fuzz: esp
	FUZZ_CALLS=$(or $(N),1000000) $(if $(SEED),FUZZ_SEED=$(SEED)) \
	BOOT_SMP=$(or $(FUZZ_SMP),1) \
		$(PYTHON) -m pytest -v -s tests/boot/test_fuzz.py

# ---------------------------------------------------------------- bench
# user/bench on this kernel and on Debian's Linux, same QEMU machine, one
# table (ci/bench.py). BENCH_SMP=N for more CPUs (adds the parallel
# spawn rows), BENCH_SCALE=P for P% of the iterations.
BENCH_SMP	?= 1
BENCH_SCALE	?= 100

bench: deps esp
	$(PYTHON) ci/bench.py --esp $(ESP) --smp $(BENCH_SMP) \
		--scale $(BENCH_SCALE)

clean:
	rm -rf $(BUILD) $(ESP)

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
