"""
Kernel faults on purpose (test_fault=KIND on the command line makes
kmain's fault_test() fault): the report names the exception, dumps the
registers and a backtrace symbolized from the kernel's own ELF file, and
the machine halts without powering off.
"""
import re

import pytest

import bootlib

FRAME = re.compile(r"  #(\d+)\s+([0-9a-f]{16}) (\S+)\+0x([0-9a-f]+)")
ANY_FRAME = re.compile(r"  #(\d+)\s+([0-9a-f]{16}) .*")


def exception(vector, name):
    return (rf"panic: exception {vector} \({name}\) in kernel mode, "
            r"error code [0-9a-f]+")


# kind: (the report's headline, the page-fault line or None)
KINDS = {
    "pf": (exception(14, "page fault"),
           r"page fault at address 0000000000000010: kernel write, "
           r"not-present page"),
    "gp": (exception(13, "general protection fault"), None),
    "ud": (exception(6, "invalid opcode"), None),
    "de": (exception(0, "divide error"), None),
    # Writing to the kernel's text, running its data: W^X holds.
    "wp": (exception(14, "page fault"),
           r"page fault at address ffffffff8[0-9a-f]{7}: kernel write, "
           r"protection violation on a present page"),
    "nx": (exception(14, "page fault"),
           r"page fault at address ffffffff8[0-9a-f]{7}: kernel instruction "
           r"fetch, protection violation on a present page"),
    "panic": (r"panic: fault_test: panic requested on the command line",
              None),
    # A local array overrun: the stack protector's check (random guard).
    "canary": (r"panic: stack protector: the stack frame of "
               r"smash_frame\+0x[0-9a-f]+ was overwritten \(a buffer "
               r"overflow\)", None),
}
PANICS = ("panic", "canary")


@pytest.mark.parametrize("kind", list(KINDS))
def test_fault_report(esp, boot, kind):
    headline, pf_line = KINDS[kind]
    bootlib.set_cmdline(esp, f"test_fault={kind}")
    q = boot(esp)
    q.wait_for(r"^kernel: system halted$")
    assert q.still_running(1.0), q.fail(
        f"QEMU exited (status {q.exit_status}) instead of halting")
    q.kill()

    expected = [re.escape(f"kernel: causing a {kind} fault as test_fault "
                          f"asks"), headline]
    if pf_line:
        expected.append(pf_line)
    if kind not in PANICS:
        expected += [r"RIP 0008:[0-9a-f]{16} RFLAGS [0-9a-f]{16}",
                     r"RSP .*", r"RAX .*", r"CR0 [0-9a-f]{16} CR2 .* CR4 .*"]
    expected += [r"backtrace:", r"  #0 .*", r"backtrace end",
                 r"kernel: system halted"]
    bootlib.assert_in_order(q, expected)
    assert "kernel: boot complete" not in q.text, \
        q.fail("kernel: boot complete was printed after the fault")

    lines = q.lines
    start = lines.index("backtrace:")
    end = lines.index("backtrace end", start)
    frames = [FRAME.fullmatch(l) for l in lines[start + 1:end]]
    names = [f.group(3) for f in frames if f]
    # nx faults on the first instruction of the data it called, before
    # any frame is set up; the report then takes the caller (fault_test)
    # from the return address at [rsp].
    want = ["fault_test", "kmain"]
    assert all(n in names for n in want) and \
        [n for n in names if n in want][:len(want)] == want, \
        q.fail(f"backtrace frames {names}: want {', then '.join(want)}")
    # Each symbolized frame is its symbol's address plus the offset shown.
    syms = bootlib.elf_symbols(esp / "boot" / "kernel.elf")
    for f in frames:
        if f and f.group(3) in syms:
            assert syms[f.group(3)] + int(f.group(4), 16) == \
                int(f.group(2), 16), q.fail(
                    f"frame {f.group(0)!r}: {f.group(3)} is at "
                    f"{syms[f.group(3)]:x} in kernel.elf")
    if kind not in PANICS:
        rip = bootlib.find_line(lines, r"RIP 0008:([0-9a-f]{16}) .*").group(1)
        first = ANY_FRAME.fullmatch(lines[start + 1])
        assert first and first.group(2) == rip, \
            q.fail(f"frame #0 is not the faulting RIP {rip}")
        if kind != "nx":        # nx faults on the data it jumped to
            assert frames[0] and frames[0].group(3) == "fault_test", \
                q.fail("the faulting RIP is not in fault_test")


def test_stack_overflow_reported(esp, boot):
    """A kernel thread that recurses without end runs into the unmapped
    guard below its stack: the fault cannot push its frame there, so it
    becomes a double fault, taken on its own IST stack and reported as a
    stack overflow with the guard address, in the thread that overflowed."""
    bootlib.set_cmdline(esp, "test_fault=stack")
    q = boot(esp)
    q.wait_for(r"^kernel: system halted$")
    assert q.still_running(1.0), q.fail("QEMU exited instead of halting")
    q.kill()
    bootlib.assert_in_order(q, [
        exception(8, "double fault"),
        r"kernel stack overflow: ffffc[0-9a-f]{11} is in a stack guard",
        r"thread \d+ \(overflow\) on CPU \d+",
        r"backtrace:",
        r"  #0  [0-9a-f]{16} recurse\+0x[0-9a-f]+",
        r"backtrace end",
    ])
    assert "kernel: boot complete" not in q.text, \
        q.fail("kernel: boot complete was printed after the fault")
