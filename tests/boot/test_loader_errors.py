"""
The loader's failures: a missing or corrupt kernel.elf gives one clear
error line, then the loader returns to the firmware and the kernel never
runs. The loader then stalls 5 s and OVMF sits in its menu: the test
kills QEMU as soon as the message is out.
"""
import random

import pytest

KERNEL = ("boot", "kernel.elf")
E_MACHINE = 18          # offset of e_machine in the ELF header


def bad_magic(data):
    return b"\x7fELG" + data[4:]


def truncated(data):
    return data[:4096]


def machine_3(data):            # EM_386
    return data[:E_MACHINE] + (3).to_bytes(2, "little") + data[E_MACHINE + 2:]


def garbage(data):
    rnd = random.Random(1)      # the same bytes every run
    return bytes(rnd.getrandbits(8) for _ in range(len(data)))


def empty(data):
    return b""


# The kernel never starts: the CPU count does not matter.
pytestmark = pytest.mark.fixed_smp


@pytest.mark.parametrize("corrupt, reason", [
    (bad_magic, "bad ELF magic"),
    (truncated, "segment data extends past the end of the file"),
    (machine_3, "not an x86_64 ELF file"),
    (garbage, "bad ELF magic"),
    (empty, "file is smaller than an ELF header"),
], ids=["bad-magic", "truncated-4k", "e_machine-3", "garbage", "empty"])
def test_corrupt_kernel(esp, boot, corrupt, reason):
    kernel = esp.joinpath(*KERNEL)
    kernel.write_bytes(corrupt(kernel.read_bytes()))
    q = boot(esp)
    m = q.wait_for(r"^loader: error: \\boot\\kernel\.elf is not a valid "
                   r"kernel: (.*)$")
    q.wait_for(r"^loader: boot failed; returning to the firmware$")
    q.kill()
    assert m.group(1) == reason, q.fail(
        f"reason {m.group(1)!r}, expected {reason!r}")
    assert "kernel: starting" not in q.text, q.fail("the kernel started")
    assert "loader: starting the kernel" not in q.text, \
        q.fail("the loader went on to start the kernel")


def test_missing_kernel(esp, boot):
    esp.joinpath(*KERNEL).unlink()
    q = boot(esp)
    q.wait_for(r"^loader: error: cannot read \\boot\\kernel\.elf "
               r"\(not found\)$")
    q.wait_for(r"^loader: boot failed; returning to the firmware$")
    q.kill()
    assert "kernel: starting" not in q.text, q.fail("the kernel started")
