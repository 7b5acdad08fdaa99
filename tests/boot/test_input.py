"""
Console input (selftest=input): keys pressed on the PS/2 keyboard
(through QMP send-key) and bytes written to COM1 (QEMU's stdin with
-serial stdio) reach one queue; the kernel echoes each line it reads as
`selftest: input: line "..."`, bytes outside printable ASCII and the
backslash as \\xNN. A line "end" finishes the test. Each step waits for
its line before the next input, so keyboard and serial bytes cannot mix
unless a case means them to.
"""
import re
import time

import bootlib

READY = r'^selftest: input: ready \(a line "end" finishes\)$'
LINE = r'selftest: input: line "(.*)"'
STEP_TIMEOUT = 20       # seconds for one line to come back

# Keyboard cases: (what it checks, chords to press, the line echoed).
KEY_CASES = [
    ("letters and space", [*"hello", "spc", *"world", "ret"], "hello world"),
    ("shift", [["shift", "h"], "i", ["shift", "1"], "ret"], "Hi!"),
    ("right shift", [["shift_r", "a"], ["shift_r", "slash"], "ret"], "A?"),
    ("ctrl-c", [["ctrl", "c"], "ret"], r"\x03"),
    ("up arrow", ["up", "ret"], r"\x1b[A"),
    ("other arrows", ["down", "right", "left", "ret"], r"\x1b[B\x1b[C\x1b[D"),
    ("caps lock", ["caps_lock", "a", "b", "caps_lock", "c", "ret"], "ABc"),
    ("caps lock and shift", ["caps_lock", ["shift", "a"], "b", "caps_lock",
                             "ret"], "aB"),
    ("alt sends ESC", [["alt", "x"], "ret"], r"\x1bx"),
    ("backspace is DEL", ["a", "backspace", "ret"], r"a\x7f"),
    ("tab and punctuation", ["tab", "minus", "equal", "backslash", "ret"],
     r"\x09-=\x5c"),
    ("keypad enter", ["z", "kp_enter"], "z"),
]

# Serial cases: (what it checks, bytes written, the lines echoed).
SERIAL_CASES = [
    ("CR ends a line", b"serial 123\r", ["serial 123"]),
    ("control bytes raw", b"\x01x\r", [r"\x01x"]),
    ("LF ends a line", b"lf line\n", ["lf line"]),
    ("CR LF is two line ends", b"crlf\r\n", ["crlf", ""]),
    ("8-bit clean", "é\\\x7f\xff\r".encode("latin-1"),
     [r"\xe9\x5c\x7f\xff"]),
    ("UTF-8 bytes", "é€\r".encode("utf-8"), [r"\xc3\xa9\xe2\x82\xac"]),
    ("a 2 KiB burst", b"".join(b"burst %03d\r" % i for i in range(200)),
     ["burst %03d" % i for i in range(200)]),
]


class Echo:
    """The lines the kernel echoed, checked in order as they come."""

    def __init__(self, q):
        self.q, self.seen, self.wrong = q, 0, []

    def take(self, n):
        """The next n lines echoed, waited for."""
        got = self.q.wait_lines(LINE, self.seen + n, timeout=STEP_TIMEOUT)
        got = [m.group(1) for m in got[self.seen:self.seen + n]]
        self.seen += n
        return got

    def expect(self, case, lines):
        got = self.take(len(lines))
        if got != lines:
            self.wrong.append(f"{case}: echoed {got}, expected {lines}")

    def finish(self, end):
        """Send "end" with end(); check the PASS line and the poweroff."""
        end()
        self.expect("end", ["end"])
        q = self.q
        m = q.wait_for(r"^selftest: input: (PASS|FAIL) (\d+) lines, (\d+) "
                       r"bytes dropped$", timeout=STEP_TIMEOUT)
        q.wait_for(r"^kernel: init exited with status 0$",
                   timeout=STEP_TIMEOUT)
        status = q.wait_exit(timeout=20)
        assert not self.wrong, q.fail("\n".join(self.wrong))
        assert m.group(1) == "PASS", q.fail("the input test failed")
        assert int(m.group(2)) == self.seen, q.fail(
            f"the kernel counted {m.group(2)} lines; it echoed {self.seen}")
        assert m.group(3) == "0", q.fail(f"{m.group(3)} bytes dropped")
        echoed = [l for l in q.lines if re.fullmatch(LINE, l)]
        assert len(echoed) == self.seen, q.fail(
            f"{len(echoed)} lines echoed in all, expected {self.seen}")
        assert status == 0, q.fail(f"QEMU exit status {status}, not 0")


def interleaves(s, a, b):
    """Is s the letters of a and b, each in its order?"""
    if not s:
        return not a and not b
    return (bool(a) and s[0] == a[0] and interleaves(s[1:], a[1:], b)) or \
        (bool(b) and s[0] == b[0] and interleaves(s[1:], a, b[1:]))


def start(esp, boot):
    bootlib.set_cmdline(esp, "selftest=input")
    q = boot(esp)
    q.wait_for(READY)
    return q, Echo(q)


def test_keyboard_lines(esp, boot):
    q, echo = start(esp, boot)
    for case, chords, line in KEY_CASES:
        q.send_keys(*chords)
        echo.expect(case, [line])
    echo.finish(lambda: q.send_keys(*"end", "ret"))


def test_serial_lines(esp, boot, record_property):
    q, echo = start(esp, boot)
    for case, data, lines in SERIAL_CASES:
        t0 = time.monotonic()
        q.send_serial(data)
        echo.expect(case, lines)
        if len(data) > 1000:
            dt = time.monotonic() - t0
            record_property(case, f"{len(data)} bytes, {len(lines)} lines "
                            f"echoed in {dt:.2f} s")
            print(f"{case}: {len(lines)} lines echoed in {dt:.2f} s")
    # One queue: serial bytes and keys make one line. The UART takes a
    # byte at a time, so a key can overtake them: any interleaving that
    # keeps each source's order is right.
    q.send_serial(b"ser")
    q.send_keys(*"kbd", "ret")
    line, = echo.take(1)
    if not interleaves(line, "ser", "kbd"):
        echo.wrong.append(f"serial and keys in one line: echoed {line!r}, "
                          f"expected an interleaving of 'ser' and 'kbd'")
    echo.finish(lambda: q.send_serial(b"end\r"))
