"""
The process model from user space: init runs hello and the in-OS test
programs (user/test_proc.c, test_exec.c, test_mem.c, test_fd.c,
test_fs.c, test_poll.c, test_pgrp.c), on one CPU and on
four. Each program prints "ok NAME" or "FAIL NAME: reason" per case and
"PROG: N passed, M failed"; init reports each program's exit status, then
exits, and the kernel powers off.

test_exec also needs images that must not run; they are made here, in
the test's copy of the ESP: root/bin/notelf (text), root/bin/truncated (an
ELF cut inside its program headers) and root/bin/truncated_header (cut
inside its ELF header).
"""
import re
import struct
import time

import pytest

import bootlib

PROGRAMS = ["test_proc", "test_exec", "test_mem", "test_fd", "test_fs",
            "test_poll", "test_pgrp", "test_signal", "test_mmap",
            "test_limits", "test_procfs", "test_utils", "test_futex",
            "test_pthread", "test_pthread_glibc"]

# From QEMU's start to its poweroff. Under TCG these programs fork some
# 11,000 processes: on the 2-core development machine a boot took 13-14 s
# at -smp 1 and 45-47 s at -smp 4 (25 s and 135 s while other QEMU runs
# shared the host), most of it the 10,000 fork+exit+wait cycles: 2.1-2.7 s
# at -smp 1, 26-28 s at -smp 4, where parent and child ping-pong between
# CPUs. A case still running after 300 s is killed by the harness
# (user/test.h), so a hang shows as a FAIL line, not as a timeout here.
RUN_TIMEOUT = 900


def add_bad_images(esp):
    """Write root/bin/notelf, truncated and truncated_header; and
    root/etc/esp-bytes for test_fs (65636 bytes, byte i is i * 7 % 251)."""
    (esp / "root" / "etc" / "esp-bytes").write_bytes(
        bytes(i * 7 % 251 for i in range(64 * 1024 + 100)))
    bindir = esp / "root" / "bin"
    (bindir / "notelf").write_bytes(
        b"this is not an ELF file\n" + bytes(range(256)) * 4)
    elf = (bindir / "echoargs").read_bytes()
    assert elf[:4] == b"\x7fELF", "root/bin/echoargs is not an ELF file"
    phoff, = struct.unpack_from("<Q", elf, 0x20)
    phentsize, phnum = struct.unpack_from("<HH", elf, 0x36)
    cut = phoff + phentsize + 8         # inside the second program header
    assert phnum >= 2 and cut < phoff + phentsize * phnum
    (bindir / "truncated").write_bytes(elf[:cut])
    (bindir / "truncated_header").write_bytes(elf[:40])


def program_summary(q, prog):
    """(passed, failed) from PROG's summary line, or None."""
    m = bootlib.find_line(q.lines, rf"{prog}: (\d+) passed, (\d+) failed")
    return (int(m.group(1)), int(m.group(2))) if m else None


# Its own CPU counts, so once per make boot-tests (fixed_smp); without
# MONITOR when there are several CPUs, as conftest.py explains.
@pytest.mark.fixed_smp
@pytest.mark.parametrize("cpus", [1, 4], ids=["smp1", "smp4"])
def test_user_programs(esp, boot, cpus):
    add_bad_images(esp)
    bootlib.set_cmdline(esp, "init=/bin/init /bin/hello " +
                        " ".join(f"/bin/{p}" for p in PROGRAMS))
    q = boot(esp, smp=cpus, cpu_features="" if cpus == 1 else ",-monitor")
    q.deadline = q.start + RUN_TIMEOUT
    try:
        end = q.wait_for(r"^(kernel: init exited with status \d+|"
                         r"kernel: system halted)$")
        assert end.group(1) != "kernel: system halted", q.fail(
            "the kernel halted: " + " | ".join(
                line for line in q.lines if line.startswith("panic")))
        status = q.wait_exit(timeout=30)
    finally:
        print(f"\n-smp {cpus}: {time.monotonic() - q.start:.1f} s "
              f"from QEMU's start")
        for prog in PROGRAMS:
            print(f"  {prog}: {program_summary(q, prog)} (passed, failed)")

    m = bootlib.find_line(q.lines, r"smp: (\d+) CPUs?\b.*")
    assert m and int(m.group(1)) == cpus, q.fail(
        f"the kernel did not start {cpus} CPU(s)")
    fails = [line for line in q.lines if line.startswith("FAIL ")]
    assert bootlib.find_line(q.lines, r"hello, world"), \
        q.fail("no hello, world from /bin/hello")
    for prog in PROGRAMS:
        summary = program_summary(q, prog)
        assert summary is not None, q.fail(f"no summary line from {prog}")
        passed, failed = summary
        assert passed > 0 and failed == 0, q.fail(
            f"{prog}: {passed} passed, {failed} failed:\n  " +
            "\n  ".join(fails))
    for prog in ["hello"] + PROGRAMS:
        assert bootlib.find_line(
            q.lines, rf"init: /bin/{prog} exited with status 0"), \
            q.fail(f"init did not report /bin/{prog} exiting with status 0")
    assert bootlib.find_line(q.lines, r"kernel: init exited with status 0"), \
        q.fail("init did not exit with status 0")
    # The kernel's ACPI poweroff ends QEMU with status 0 (a triple fault
    # under -no-reboot does too, hence the lines checked above).
    assert status == 0, q.fail(f"QEMU exit status {status}, not 0")
    # Children killed by faults are reported by the kernel ("proc: ...
    # killed by signal N ..."); a panic or a halt is not expected.
    bad = [line for line in q.lines
           if re.match(r"(panic|KASSERT|kernel: system halted)", line)]
    assert not bad, q.fail(f"unexpected kernel lines: {bad}")
