"""
Helpers for the boot tests: copies of the ESP, disk images, QEMU runs
under OVMF, the serial log, QMP screendumps, the PSF2 font and PPM images.

Words: a "run" is one QEMU process; its "log" is the serial output with
the firmware's ANSI escapes and carriage returns removed, saved (always)
to build/test-logs/<test name>.log so a failure can be read afterwards.
"""
import atexit
import json
import os
import re
import shutil
import socket
import struct
import subprocess
import tempfile
import time
from pathlib import Path

import pexpect

REPO = Path(__file__).resolve().parents[2]
# The ESP the tests copy: esp/, or BOOT_ESP (make boot-tests' second
# pass: the checking kernel's).
ESP = Path(os.environ.get("BOOT_ESP", REPO / "esp")).resolve()
KERNEL_ELF = ESP / "boot" / "kernel.elf"
BUILD = REPO / "build"
LOG_DIR = BUILD / "test-logs"
FONT = BUILD / "kernel" / "font.psf"
OVMF_CODE = Path("/usr/share/OVMF/OVMF_CODE_4M.fd")
OVMF_VARS = Path("/usr/share/OVMF/OVMF_VARS_4M.fd")

# A panic's last line, after which the kernel prints nothing more.
HALTED = re.compile(r"^kernel: system halted$", re.M)

# What the debugging checks report (ubsan.c, the lock-order checker,
# list.h, KASSERT, the heap's poison): always a failure, whatever the
# test expected.
CHECK_REPORT = re.compile(r"^panic: (ubsan|lock order|list): |"
                          r"^panic: .*: assertion failed: |"
                          r"^panic: kmalloc: .* after it was freed", re.M)

BOOT_TIMEOUT = 90       # seconds from QEMU start to the last line expected

# CSI sequences (ESC [ ... final byte, including OVMF's "ESC [=3h") and
# the two-byte ESC sequences.
_ANSI = re.compile(r"\x1b\[[0-9;=?]*[ -/]*[@-~]|\x1b[@-Z\\-_]")


def clean(text):
    """Serial text without ANSI escapes and carriage returns."""
    return _ANSI.sub("", text).replace("\r", "")


# ------------------------------------------------------------ ESP, images

def copy_esp(dst):
    """Copy the built esp/ to dst (a new folder); returns dst as a Path."""
    dst = Path(dst)
    shutil.copytree(ESP, dst)
    return dst


def set_cmdline(esp, line):
    (Path(esp) / "boot" / "cmdline").write_text(line + "\n")


def make_image(esp, img, kind="gpt"):
    """Write a GPT disk image (or a bare FAT32 one, kind="fat") of esp."""
    cmd = [str(REPO / "ci" / "mkimage.sh"), str(esp), str(img)]
    if kind == "fat":
        cmd.append("fat")
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, f"mkimage.sh failed: {r.stderr}"
    return Path(img)


_accel = None


def accel():
    """kvm or tcg, probed once by ci/qemu-accel.sh and cached in build/."""
    global _accel
    if _accel is None:
        r = subprocess.run([str(REPO / "ci" / "qemu-accel.sh"),
                            str(BUILD / "qemu-accel")],
                           capture_output=True, text=True, timeout=60)
        _accel = r.stdout.strip() if r.stdout.strip() in ("kvm", "tcg") \
            else "tcg"
    return _accel


# ------------------------------------------------------------ QEMU runs

# OVMF's first boot from empty variables spends about a second under TCG
# creating its boot options (measured: 5.2 s to the loader's first line,
# 4.2 s from the variables such a boot left). So each kind of machine
# starts from the variables its first clean run (QEMU ended by itself,
# status 0) left; the first run of a kind starts from OVMF_VARS. Neither
# the loader nor the kernel writes variables.
_warm_vars = {}
_warm_dir = None


def _vars_kind(machine, mem, usb, virtio, extra):
    return (machine, mem, usb, virtio, tuple(extra))


class Qemu:
    """
    One QEMU run with OVMF on the standard machine (smp CPUs; the CPU
    model is host or max, with cpu_features such as ",-monitor" added).
    The serial console is read through a pty (pexpect) and is also the
    serial input (send_serial); keys and monitor commands go through
    QMP (send_keys, qmp). Waits never pass the run's deadline,
    BOOT_TIMEOUT seconds after the start. close() kills QEMU if it still
    runs and writes the log file.
    """

    def __init__(self, workdir, log_path, disk, *, mem="512M", smp=1,
                 cpu_features="", usb=False, no_shutdown=False,
                 machine="q35", virtio=False, serial=True, extra=()):
        self.workdir = Path(workdir)
        self.log_path = Path(log_path)
        self.raw = ""
        self.line_times = []            # when each line was complete, s
        self.exit_status = None         # set once QEMU ended by itself
        self.killed = False
        self.mortem = ""                # post_mortem's registers, for the log
        self.qmp_path = None

        self.vars_kind = _vars_kind(machine, mem, usb, virtio, extra)
        self.vars_fd = vars_fd = self.workdir / "OVMF_VARS.fd"
        shutil.copyfile(_warm_vars.get(self.vars_kind, OVMF_VARS), vars_fd)
        a = accel()
        cmd = ["qemu-system-x86_64", "-accel", a, "-machine", machine,
               "-cpu", ("host" if a == "kvm" else "max") + cpu_features,
               "-m", mem,
               "-smp", str(smp), "-nic", "none", "-display", "none",
               "-serial", "stdio" if serial else "none", "-no-reboot",
               "-drive", f"if=pflash,format=raw,readonly=on,file={OVMF_CODE}",
               "-drive", f"if=pflash,format=raw,file={vars_fd}"]
        if usb:
            cmd += ["-drive", f"if=none,id=stick,format=raw,file={disk}",
                    "-device", "qemu-xhci",
                    "-device", "usb-storage,drive=stick"]
        elif virtio:
            cmd += ["-drive", f"if=virtio,format=raw,file={disk}"]
        else:
            cmd += ["-drive", f"format=raw,file={disk}"]
        # Every run has a QMP socket: a test may send keys through it,
        # and a wait that times out asks it where the CPUs are
        # (post_mortem). A short path: unix socket names are
        # limited to 107 bytes.
        sockdir = Path(tempfile.mkdtemp(prefix="boot-qmp-"))
        self.qmp_path = sockdir / "qmp.sock"
        cmd += ["-qmp", f"unix:{self.qmp_path},server=on,wait=off",
                "-monitor", "none"]
        if no_shutdown:
            cmd.append("-no-shutdown")
        cmd += list(extra)
        self.cmd = cmd

        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        self._log = open(self.log_path, "w", encoding="utf-8")
        self._log.write("# " + " ".join(cmd) + "\n")
        self._log.flush()
        self.start = time.monotonic()
        self.deadline = self.start + BOOT_TIMEOUT
        self.child = pexpect.spawn(cmd[0], cmd[1:], encoding="utf-8",
                                   codec_errors="replace", timeout=None,
                                   echo=False)

    def line_time(self, index):
        """Seconds from QEMU's start to the arrival of the end of line
        index of self.lines (cleaning keeps the line breaks)."""
        return self.line_times[index]

    # The serial output so far, cleaned.
    @property
    def text(self):
        return clean(self.raw)

    @property
    def lines(self):
        return self.text.split("\n")

    def _complete(self):
        """The cleaned text up to the last complete line."""
        t = self.text
        return t[:t.rfind("\n") + 1]

    def _end(self, timeout):
        """When a wait of timeout seconds (None: no limit of its own)
        that starts now must end: never after the run's deadline."""
        if timeout is None:
            return self.deadline
        return min(self.deadline, time.monotonic() + timeout)

    @staticmethod
    def _remaining(end):
        return end - time.monotonic()

    def _read(self, limit):
        """Read what arrives within limit seconds: the number of
        characters read, or -1 once QEMU has ended (EOF)."""
        try:
            data = self.child.read_nonblocking(65536, timeout=limit)
        except pexpect.TIMEOUT:
            return 0
        except pexpect.EOF:
            self._reap()
            return -1
        self.raw += data
        now = time.monotonic()
        self.line_times += [now - self.start] * data.count("\n")
        self._log.write(data)
        self._log.flush()
        return len(data)

    def _reap(self):
        if self.exit_status is None and not self.killed:
            self.child.close(force=False)
            st = self.child.exitstatus
            self.exit_status = st if st is not None \
                else 128 + (self.child.signalstatus or 0)

    def fail(self, why):
        """An assertion message naming the log and quoting its tail."""
        tail = "\n".join(self.lines[-25:])
        return (f"{why}\n  serial log: {self.log_path}\n"
                f"  --- last lines ---\n{tail}")

    def timed_out(self, why):
        """fail() for a wait that ran out of time, with where the CPUs
        were (post_mortem) in the message and the log."""
        where = self.post_mortem()
        return self.fail(why) + "\n  --- QEMU ---\n" + where

    def post_mortem(self):
        """QEMU's run state and each CPU's RIP (with the kernel symbol
        it falls in) and control registers, also written to the log: a
        hang in the firmware, the loader or the kernel tells itself
        apart from a slow host."""
        try:
            status = self.qmp("query-status", timeout=5).get("status")
            regs = self.qmp("human-monitor-command",
                            {"command-line": "info registers -a"},
                            timeout=10)
        except (OSError, AssertionError, ValueError) as e:
            return f"no answer from QMP: {e}"
        keep = [f"status: {status}"]
        for line in regs.splitlines():
            if line.startswith("CPU#"):
                keep.append(line)
            elif line.startswith("RIP="):
                rip = int(line[4:20], 16)
                keep.append(f"{line}  {kernel_symbol(rip)}")
            elif line.startswith(("CR0=", "RSP", "RAX")):
                keep.append(line)
        self.mortem = "".join(f"# {line}\n" for line in regs.splitlines())
        return "\n".join(keep)

    def wait_for(self, pattern, timeout=None):
        """
        Wait until the complete lines of the cleaned serial output match
        the regex pattern (multi-line mode); returns the match. Fails the
        test at the run's deadline, after timeout seconds, or if QEMU
        ends first.
        """
        rx = re.compile(pattern, re.M)
        end = self._end(timeout)
        while True:
            m = rx.search(self._complete())
            if m:
                return m
            self._check_halted(pattern)
            left = self._remaining(end)
            if left <= 0:
                raise AssertionError(self.timed_out(
                    f"timed out after {time.monotonic() - self.start:.0f} s "
                    f"waiting for /{pattern}/"))
            if self._read(min(left, 1.0)) < 0:
                m = rx.search(self.text)
                if m:
                    return m
                raise AssertionError(self.fail(
                    f"QEMU exited (status {self.exit_status}) before "
                    f"/{pattern}/ appeared"))

    def _check_halted(self, pattern):
        """Fail at once when the kernel has halted (a panic's last
        line): nothing more will come."""
        if HALTED.search(self._complete()):
            raise AssertionError(self.fail(
                f"the kernel halted before /{pattern}/ appeared"))

    def firmware_started(self, timeout):
        """True once the firmware has printed its boot manager's line or
        the loader its first (within timeout seconds); False if neither
        came, or QEMU ended."""
        rx = re.compile(r"^(BdsDxe|loader): ", re.M)
        end = time.monotonic() + timeout
        while not rx.search(self.text):
            left = end - time.monotonic()
            if left <= 0 or self._read(min(left, 1.0)) < 0:
                return bool(rx.search(self.text))
        return True

    def wait_lines(self, pattern, count, timeout=None):
        """
        Wait until at least count complete lines of the cleaned serial
        output match the regex pattern whole; returns the matches of all
        such lines so far. Fails like wait_for.
        """
        rx = re.compile(pattern)
        end = self._end(timeout)
        while True:
            ended = self.exit_status is not None or self.killed
            text = self.text if ended else self._complete()
            found = [m for m in map(rx.fullmatch, text.split("\n")) if m]
            if len(found) >= count:
                return found
            self._check_halted(pattern)
            left = self._remaining(end)
            if ended or left <= 0:
                why = (f"QEMU exited (status {self.exit_status})" if ended
                       else f"timed out after "
                            f"{time.monotonic() - self.start:.0f} s")
                msg = (f"{why} with {len(found)} of {count} lines "
                       f"matching /{pattern}/")
                raise AssertionError(self.fail(msg) if ended
                                     else self.timed_out(msg))
            self._read(min(left, 1.0))

    def wait_exit(self, timeout=30):
        """Wait for QEMU to end by itself; returns its exit status."""
        end = self._end(timeout)
        while self.exit_status is None:
            left = self._remaining(end)
            if left <= 0:
                raise AssertionError(self.timed_out(
                    f"QEMU did not exit by itself within {timeout} s"))
            self._read(min(left, 1.0))
        return self.exit_status

    def still_running(self, seconds):
        """Keep reading for seconds; True if QEMU has not ended by then."""
        end = time.monotonic() + seconds
        while self.exit_status is None and time.monotonic() < end:
            self._read(max(0.0, end - time.monotonic()))
        return self.exit_status is None

    def kill(self):
        """Stop QEMU now (it may sit in a firmware menu or a halt)."""
        if self.exit_status is not None or self.killed:
            return
        # Keep what is already on its way through the pty (bounded: a
        # firmware menu may keep redrawing).
        end = time.monotonic() + 2
        while self._read(0.2) > 0 and time.monotonic() < end:
            pass
        if self.exit_status is None:
            self.killed = True
            try:
                self.child.terminate(force=True)
                self.child.close(force=True)
            except pexpect.ExceptionPexpect:
                # pexpect waits only 0.1 s after its SIGKILL; a loaded
                # host can take longer to end QEMU (seen once).
                end = time.monotonic() + 30
                while self.child.isalive() and time.monotonic() < end:
                    time.sleep(0.2)
                self.child.close(force=True)

    def close(self):
        self.kill()
        if not self._log.closed:
            # Rewrite the log cleaned, with the command and how it ended.
            self._log.close()
            end = ("killed by the test" if self.killed
                   else f"exit status {self.exit_status}")
            with open(self.log_path, "w", encoding="utf-8") as f:
                f.write("# " + " ".join(self.cmd) + "\n")
                f.write(self.text)
                if not self.text.endswith("\n"):
                    f.write("\n")
                f.write(f"# qemu: {end} after "
                        f"{time.monotonic() - self.start:.1f} s\n")
                if self.mortem:
                    f.write("# its registers when the wait timed out:\n" +
                            self.mortem)
        if self.exit_status == 0 and self.vars_kind not in _warm_vars:
            global _warm_dir
            if _warm_dir is None:
                _warm_dir = Path(tempfile.mkdtemp(prefix="boot-vars-"))
                atexit.register(shutil.rmtree, _warm_dir, True)
            warm = _warm_dir / f"{len(_warm_vars)}.fd"
            shutil.copyfile(self.vars_fd, warm)
            _warm_vars[self.vars_kind] = warm
        shutil.rmtree(self.qmp_path.parent, ignore_errors=True)

    # ---- input

    def send_serial(self, data):
        """Write bytes to the serial port's input (-serial stdio: QEMU's
        stdin, our pty). QEMU runs its stdin raw, but with signals on:
        0x03, 0x1a and 0x1c would signal QEMU instead of reaching the
        guest."""
        view = memoryview(bytes(data))
        while view:
            n = os.write(self.child.child_fd, view)
            view = view[n:]

    def send_keys(self, *chords, hold_ms=30, gap=0.05):
        """Press and release each chord on the PS/2 keyboard through QMP
        send-key. A chord is a QEMU qcode ("a", "ret", "up") or a list of
        them pressed together (["shift", "1"]); one chord per call, with
        a short gap, so that a slow (TCG) guest takes them in order."""
        for chord in chords:
            keys = [chord] if isinstance(chord, str) else list(chord)
            self.qmp("send-key", {
                "keys": [{"type": "qcode", "data": k} for k in keys],
                "hold-time": hold_ms})
            time.sleep(gap)

    # ---- QMP

    def qmp(self, command, arguments=None, timeout=30):
        """Run one QMP command on a fresh connection; returns "return"."""
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.settimeout(timeout)
        try:
            s.connect(str(self.qmp_path))
            f = s.makefile("rw", encoding="utf-8")
            json.loads(f.readline())                    # the greeting
            for cmd, args in (("qmp_capabilities", None),
                              (command, arguments)):
                msg = {"execute": cmd}
                if args:
                    msg["arguments"] = args
                f.write(json.dumps(msg) + "\n")
                f.flush()
                while True:
                    reply = json.loads(f.readline())
                    if "event" in reply:
                        continue
                    assert "error" not in reply, \
                        self.fail(f"QMP {cmd} failed: {reply['error']}")
                    break
            return reply["return"]
        finally:
            s.close()


_symbols = None


def kernel_symbol(addr):
    """"name+0xoff" for an address in the kernel's text (from nm on
    build/kernel.elf), else "" (the firmware, the loader, user space)."""
    global _symbols
    if _symbols is None:
        _symbols = []
        try:
            out = subprocess.run(["nm", "-n", str(KERNEL_ELF)],
                                 capture_output=True, text=True,
                                 check=True).stdout
        except (OSError, subprocess.CalledProcessError):
            out = ""
        for line in out.splitlines():
            f = line.split()
            if len(f) == 3 and f[1] in "tTwW":
                _symbols.append((int(f[0], 16), f[2]))
    best = None
    for a, name in _symbols:
        if a > addr:
            break
        best = (a, name)
    if best is None or addr - best[0] > 0x100000:
        return ""
    return f"{best[1]}+{addr - best[0]:#x}"


def screendump_after_poweroff(q, path):
    """For a run with no_shutdown=True: wait until the guest
    has powered off (so nothing is drawn after), save the screen as a PPM
    at path, kill QEMU; returns read_ppm(path)."""
    deadline = time.monotonic() + 15
    # .get: a reply without the field (seen once, rarely) is "not yet".
    while q.qmp("query-status").get("status") != "shutdown" and \
            time.monotonic() < deadline:
        time.sleep(0.2)
    path.unlink(missing_ok=True)
    q.qmp("screendump", {"filename": str(path)})
    q.kill()
    return read_ppm(path)


def screen_text(w, h, pix, font):
    """The text on a console screendump (read_ppm's w, h, pix), row by
    row: each character cell matched against the font's printable ASCII
    glyphs ('?' for anything else), trailing blanks dropped."""
    glyphs = {font.bitmap(chr(c)): chr(c) for c in range(0x7e, 0x1f, -1)}
    fw, fh = font.width, font.height
    rows = []
    for r in range(h // fh):
        text = ""
        for c in range(w // fw):
            cell = tuple(tuple(any(pix[((r * fh + y) * w + c * fw + x) * 3:
                                       ((r * fh + y) * w + c * fw + x) * 3 + 3])
                               for x in range(fw)) for y in range(fh))
            text += glyphs.get(cell, "?")
        rows.append(text.rstrip())
    return rows


def find_line(lines, pattern):
    """The first match of regex pattern over a whole line, or None."""
    rx = re.compile(pattern)
    for line in lines:
        m = rx.fullmatch(line)
        if m:
            return m
    return None


def assert_in_order(q, patterns):
    """Each regex of patterns matches a whole serial line, in this order."""
    lines, i = q.lines, 0
    for pat in patterns:
        rx = re.compile(pat)
        while i < len(lines) and not rx.fullmatch(lines[i]):
            i += 1
        assert i < len(lines), q.fail(
            f"no line matching /{pat}/ after the lines before it "
            f"(expected in this order: {patterns})")
        i += 1


# ------------------------------------------------------------ files

def elf_symbols(path):
    """{name: address} of the function symbols of an ELF64 file."""
    data = Path(path).read_bytes()
    shoff, = struct.unpack_from("<Q", data, 0x28)
    shentsize, shnum = struct.unpack_from("<HH", data, 0x3A)
    sections = [struct.unpack_from("<IIQQQQIIQQ", data, shoff + i * shentsize)
                for i in range(shnum)]
    syms = {}
    for sh in sections:
        if sh[1] != 2:                          # SHT_SYMTAB
            continue
        strtab = sections[sh[6]]
        for off in range(sh[4], sh[4] + sh[5], 24):
            name_off, info, _other, _shndx, value, _size = \
                struct.unpack_from("<IBBHQQ", data, off)
            if info & 0xF != 2:                 # STT_FUNC
                continue
            start = strtab[4] + name_off
            name = data[start:data.index(b"\0", start)].decode()
            syms[name] = value
    return syms



def read_ppm(path):
    """A binary PPM (P6, maxval 255): (width, height, RGB bytes)."""
    data = Path(path).read_bytes()
    fields, pos = [], 0
    while len(fields) < 4:
        while data[pos:pos + 1].isspace():
            pos += 1
        if data[pos:pos + 1] == b"#":
            pos = data.index(b"\n", pos) + 1
            continue
        end = pos
        while not data[end:end + 1].isspace():
            end += 1
        fields.append(data[pos:end])
        pos = end
    pos += 1                                # one whitespace byte
    magic, w, h, maxval = fields[0], int(fields[1]), int(fields[2]), \
        int(fields[3])
    assert magic == b"P6" and maxval == 255, f"{path}: not a P6/255 PPM"
    pixels = data[pos:pos + w * h * 3]
    assert len(pixels) == w * h * 3, f"{path}: short PPM"
    return w, h, pixels


class Psf2Font:
    """A PSF2 font: glyph bitmaps and the ASCII-to-glyph map the kernel
    uses (the Unicode table's first glyph for a code, else glyph == code)."""

    MAGIC = 0x864ab572

    def __init__(self, path):
        data = Path(path).read_bytes()
        (magic, _version, hsize, flags, count, gbytes, height,
         width) = (int.from_bytes(data[i:i + 4], "little")
                   for i in range(0, 32, 4))
        assert magic == self.MAGIC, f"{path}: not a PSF2 font"
        self.width, self.height, self.count = width, height, count
        self.row_bytes = (width + 7) // 8
        assert gbytes == self.row_bytes * height
        self.glyphs = data[hsize:hsize + count * gbytes]
        self.gbytes = gbytes
        self.ascii = {}
        if flags & 1:
            self._unicode_table(data[hsize + count * gbytes:])
        for c in range(128):
            self.ascii.setdefault(c, c if c < count else 0)
        self._cache = {}

    def _unicode_table(self, table):
        g, i = 0, 0
        while i < len(table) and g < self.count:
            b = table[i]
            if b == 0xFF:
                g, i = g + 1, i + 1
            elif b == 0xFE:
                while i < len(table) and table[i] != 0xFF:
                    i += 1
            else:
                n = 1 if b < 0xC0 else 2 if b < 0xE0 else 3 if b < 0xF0 \
                    else 4
                cp = ord(table[i:i + n].decode("utf-8", "replace")[0])
                if cp < 128:
                    self.ascii.setdefault(cp, g)
                i += n

    def bitmap(self, ch):
        """The lit pattern of ch: a tuple of rows, each a tuple of bools."""
        if ch not in self._cache:
            g = self.ascii.get(ord(ch), self.ascii[ord("?")])
            raw = self.glyphs[g * self.gbytes:(g + 1) * self.gbytes]
            self._cache[ch] = tuple(
                tuple(bool(raw[y * self.row_bytes + x // 8] & (0x80 >> x % 8))
                      for x in range(self.width))
                for y in range(self.height))
        return self._cache[ch]
