#!/usr/bin/env python3
"""Capture QEMU's ACPI tables for the host tests (tests/host/test_acpi.c).

Boots a copy of the ESP with "acpidump" on the kernel command line under
QEMU q35 + OVMF, reads the kernel's hex dump from the serial port
("acpidump: SIG OOOO: xx xx ...") and writes each table, checksum
verified, to PREFIX-SIG.bin. The ESP given is copied, never changed.

  tests/host/data/capture.py --smp 4                 (APIC FACP HPET DSDT)
  tests/host/data/capture.py --smp 1 --tables APIC
  tests/host/data/capture.py --log serial.txt --prefix q35-smp4

With --log, parse a serial log already captured instead of booting.
Needs the ESP built (make esp), qemu-system-x86_64, OVMF and mtools.
"""
import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", "..", ".."))
OVMF_CODE = "/usr/share/OVMF/OVMF_CODE_4M.fd"
OVMF_VARS = "/usr/share/OVMF/OVMF_VARS_4M.fd"

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
SIZE = re.compile(r"acpidump: (\S{4}) (\d+) bytes$")
DATA = re.compile(r"acpidump: (\S{4}) ([0-9a-f]{4}):((?: [0-9a-f]{2})+)$")


def boot(esp, smp, timeout):
    """Boot a copy of esp with "acpidump"; return the serial output."""
    with tempfile.TemporaryDirectory() as tmp:
        espcopy = os.path.join(tmp, "esp")
        shutil.copytree(esp, espcopy)
        with open(os.path.join(espcopy, "boot", "cmdline"), "w") as f:
            f.write("acpidump\n")
        img = os.path.join(tmp, "dump.img")
        subprocess.run([os.path.join(ROOT, "ci", "mkimage.sh"), espcopy,
                        img, "fat"], check=True)
        vars_fd = os.path.join(tmp, "vars.fd")
        shutil.copy(OVMF_VARS, vars_fd)
        cmd = ["qemu-system-x86_64", "-accel", "tcg", "-machine", "q35",
               "-cpu", "max", "-m", "512M", "-smp", str(smp),
               "-nic", "none", "-display", "none", "-serial", "stdio",
               "-no-reboot",
               "-drive", "if=pflash,format=raw,readonly=on,file=" + OVMF_CODE,
               "-drive", "if=pflash,format=raw,file=" + vars_fd,
               "-drive", "format=raw,file=" + img]
        out = b""
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE,
                                stdin=subprocess.DEVNULL)
        try:
            out, _ = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            out, _ = proc.communicate()
        return out.decode("latin-1")


def parse(text):
    """Return {signature: bytes} from the acpidump lines of text."""
    sizes, tables = {}, {}
    for line in text.splitlines():
        line = ANSI.sub("", line).replace("\r", "").rstrip()
        m = SIZE.search(line)
        if m:
            sizes[m.group(1)] = int(m.group(2))
            tables[m.group(1)] = bytearray()
            continue
        m = DATA.search(line)
        if not m:
            continue
        sig, off = m.group(1), int(m.group(2), 16)
        buf = tables[sig]
        if off != len(buf):
            sys.exit("%s: data at %#x, expected %#x" % (sig, off, len(buf)))
        buf.extend(int(x, 16) for x in m.group(3).split())
    for sig, buf in tables.items():
        if len(buf) != sizes[sig]:
            sys.exit("%s: %d bytes of %d" % (sig, len(buf), sizes[sig]))
        if sum(buf) & 0xff:
            sys.exit("%s: bad checksum" % sig)
        if buf[:4].decode("latin-1") != sig:
            sys.exit("%s: signature %r" % (sig, bytes(buf[:4])))
    return tables


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--esp", default=os.path.join(ROOT, "esp"))
    ap.add_argument("--smp", type=int, default=4)
    ap.add_argument("--prefix", default=None)
    ap.add_argument("--tables", default="APIC,FACP,HPET,DSDT",
                    help="signatures to save, comma-separated")
    ap.add_argument("--log", help="parse this serial log instead of booting")
    ap.add_argument("--save-log", help="also write the serial output here")
    ap.add_argument("--timeout", type=int, default=60)
    args = ap.parse_args()
    prefix = args.prefix or "q35-smp%d" % args.smp

    if args.log:
        with open(args.log, encoding="latin-1") as f:
            text = f.read()
    else:
        text = boot(args.esp, args.smp, args.timeout)
    if args.save_log:
        with open(args.save_log, "w", encoding="latin-1") as f:
            f.write(text)
    if "acpidump: end" not in ANSI.sub("", text):
        sys.exit("no complete acpidump in the serial output")
    tables = parse(text)
    for sig in args.tables.split(","):
        if sig not in tables:
            sys.exit("no %s table in the dump" % sig)
        buf = tables[sig]
        path = os.path.join(HERE, "%s-%s.bin" % (prefix, sig))
        with open(path, "wb") as f:
            f.write(buf)
        print("%s: %d bytes, checksum ok" % (os.path.relpath(path), len(buf)))


if __name__ == "__main__":
    main()
