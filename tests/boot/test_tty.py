"""
The console terminal, driven through the serial port with /bin/ttyecho:
canonical lines arrive edited (erase, kill, word erase), ^D ends a line
without a newline and, on an empty line, gives end of file; after
tcsetattr turns canonical mode and echo off, single bytes arrive as
typed.
"""
import pytest

import bootlib


def typed(q, data, line):
    """Send data on serial and wait for ttyecho's report of line."""
    q.send_serial(data)
    q.wait_for(rf'^line: "{line}"$', timeout=30)


@pytest.mark.fixed_smp
@pytest.mark.parametrize("smp", [1, 2])
def test_tty_line_discipline(esp, boot, smp):
    bootlib.set_cmdline(esp, "init=/bin/init /bin/ttyecho")
    q = boot(esp, smp=smp, cpu_features=",-monitor" if smp > 1 else "")
    q.wait_for(r"^ttyecho: canonical$")
    typed(q, b"hello\r", r"hello\\x0a")                   # CR becomes NL
    typed(q, b"helpo\x7f\x7flo world\r", r"hello world\\x0a")   # erase
    typed(q, b"garbage\x15fresh\r", r"fresh\\x0a")        # ^U kills
    typed(q, b"one two\x17three\r", r"one three\\x0a")    # ^W word
    # ^D ends the line without a newline: the echo and ttyecho's report
    # share one output line, as on Linux.
    q.send_serial(b"partial\x04")
    q.wait_for(r'^partialline: "partial"$', timeout=30)
    q.send_serial(b"\x04")                                # ^D: end of file
    q.wait_for(r"^eof$", timeout=30)
    q.wait_for(r"^ttyecho: raw$", timeout=30)
    q.send_serial(b"ab\x7f\x04q")
    matches = q.wait_lines(r"byte: 0x([0-9a-f]{2})", 5, timeout=30)
    got = [m.group(1) for m in matches]
    assert got == ["61", "62", "7f", "04", "71"], q.fail(
        f"raw bytes {got}, expected 61 62 7f 04 71")
    q.wait_for(r"^init: /bin/ttyecho exited with status 0$", timeout=30)
    q.wait_for(r"^kernel: init exited with status 0$", timeout=30)


@pytest.mark.fixed_smp
def test_ctrl_c_interrupts_the_foreground_group(esp, boot):
    """^C typed on the keyboard sends SIGINT to the terminal's foreground
    process group: ttyecho, blocked in read, dies of it; init (pid 1, in
    the same group) is immune to signals it does not handle, as on
    Linux, and reports it."""
    bootlib.set_cmdline(esp, "init=/bin/init /bin/ttyecho")
    q = boot(esp)
    q.wait_for(r"^ttyecho: canonical$")
    q.send_keys(["ctrl", "c"])
    q.wait_for(r"^init: /bin/ttyecho killed by signal 2$", timeout=30)
    q.wait_for(r"^kernel: init exited with status 1$", timeout=30)
