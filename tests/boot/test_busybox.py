"""
Debian's busybox-static, a static glibc binary nobody here built, as the
system's shell and tools. ci/fetch-busybox.sh downloads it with apt-get
into build/busybox (make esp BUSYBOX=1 does the same for a bootable ESP);
each test puts it at /bin/busybox in its copy of the ESP.

test_busybox_script: busybox sh, as init, runs tests/boot/busybox/script.sh
(shell features, then ls -l, cat, wc, sort, grep, sed, find, ps, free,
uname -a, mkdir -p, rm -r, cp, mv, head, tail, xargs). Its output must be
expected.txt line for line: what the same busybox printed running the
script on Linux (the script's header says how it was made).

test_rc_links_the_applets: /etc/rc links the applets into /usr/bin.

test_busybox_interactive: busybox sh -i, as init, over the serial line:
typed commands, a pipeline, and a foreground job stopped by ^C (typed on
the keyboard, which feeds the same terminal).
"""
import subprocess
import time

import pytest

import bootlib

HERE = bootlib.REPO / "tests" / "boot" / "busybox"
BUSYBOX_DIR = bootlib.BUILD / "busybox"
RUN_TIMEOUT = 300


@pytest.fixture(scope="module")
def busybox():
    """The busybox binary, fetched once."""
    r = subprocess.run([str(bootlib.REPO / "ci" / "fetch-busybox.sh"),
                        str(BUSYBOX_DIR)], capture_output=True, text=True)
    assert r.returncode == 0, (
        f"ci/fetch-busybox.sh failed ({r.returncode}):\n{r.stdout}{r.stderr}")
    return (BUSYBOX_DIR / "busybox").read_bytes()


def add_busybox(esp, binary):
    path = esp / "root" / "bin" / "busybox"
    path.write_bytes(binary)
    path.chmod(0o755)


def script_output(lines):
    """The script's lines: from "== shell" to its EXIT trap's line."""
    start = lines.index("== shell")
    end = lines.index("trapped EXIT", start)
    return lines[start:end + 1]


@pytest.mark.fixed_smp
@pytest.mark.parametrize("cpus", [1, 2], ids=["smp1", "smp2"])
def test_busybox_script(esp, boot, busybox, cpus):
    add_busybox(esp, busybox)
    (esp / "root" / "etc" / "bbtest.sh").write_bytes(
        (HERE / "script.sh").read_bytes())
    bootlib.set_cmdline(esp, "init=/bin/busybox sh /etc/bbtest.sh")
    q = boot(esp, smp=cpus, cpu_features="" if cpus == 1 else ",-monitor")
    q.deadline = q.start + RUN_TIMEOUT
    q.wait_for(r"^kernel: init exited with status 0$")
    assert "trapped EXIT" in q.lines, q.fail("the script did not finish")
    got = script_output(q.lines)
    want = (HERE / "expected.txt").read_text().splitlines()
    for i, (g, w) in enumerate(zip(got, want)):
        assert g == w, q.fail(
            f"line {i + 1} of the script's output is {g!r}, "
            f"Linux printed {w!r}")
    assert len(got) == len(want), q.fail(
        f"{len(got)} lines of output, Linux printed {len(want)}")


def typed(q, command, pattern):
    """Type a command line and wait for a line of its output."""
    q.send_serial(command.encode() + b"\r")
    return q.wait_for(pattern, timeout=60)


@pytest.mark.fixed_smp
def test_busybox_interactive(esp, boot, busybox):
    add_busybox(esp, busybox)
    bootlib.set_cmdline(esp, "init=/bin/busybox sh -i")
    q = boot(esp)
    q.deadline = q.start + RUN_TIMEOUT
    q.wait_for(r"^kernel: boot complete$")
    time.sleep(1)                       # the shell's first prompt
    typed(q, "echo hello $((6 * 7))", r"^hello 42$")
    typed(q, "busybox seq 1 5 | busybox grep -v 3 | busybox wc -l", r"^4$")
    typed(q, "cd /tmp && busybox pwd", r"^/tmp$")
    q.send_serial(b"busybox sleep 100\r")
    time.sleep(2)                       # let it start and block
    started = time.monotonic()
    # ^C on the keyboard (a ^C byte on QEMU's stdio would stop QEMU).
    q.send_keys(["ctrl", "c"])
    typed(q, "echo status $?", r"^status 130$")
    assert time.monotonic() - started < 30, q.fail("^C did not end sleep")
    typed(q, "exit 3", r"^kernel: init exited with status 3$")


@pytest.mark.fixed_smp
def test_rc_links_the_applets(esp, boot, busybox):
    """With /bin/busybox in the ESP (make esp BUSYBOX=1), /etc/rc links
    its applets into /usr/bin, each a symbolic link to it."""
    add_busybox(esp, busybox)
    (esp / "root" / "etc" / "rccheck.sh").write_text(
        ". /etc/rc\n"
        "echo applets: $(ls /usr/bin | wc -l)\n"
        "echo link: $(/bin/busybox readlink /usr/bin/uname)\n"
        "echo uname: $(/usr/bin/uname -s)\n")
    bootlib.set_cmdline(esp, "init=/bin/sh /etc/rccheck.sh")
    q = boot(esp)
    q.wait_for(r"^kernel: init exited with status 0$")
    m = bootlib.find_line(q.lines, r"applets: (\d+)")
    assert m and int(m.group(1)) >= 200, q.fail("applets not linked")
    assert bootlib.find_line(q.lines, r"link: /bin/busybox"), q.fail(
        "/usr/bin/uname is not a link to /bin/busybox")
    assert bootlib.find_line(q.lines, r"uname: Linux"), q.fail(
        "/usr/bin/uname did not run busybox's uname")
