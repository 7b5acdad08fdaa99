"""
A PC without a serial port (-serial none): the boot log, the programs'
output and a kernel panic's report are all on the screen (read back from
a QMP screendump, cell by cell against the console font), and a panic
halts the machine rather than resetting it.
"""
import time

import pytest

import bootlib


def qmp_ready(q):
    """Wait for QEMU's QMP socket (there is no serial line to wait on)."""
    deadline = time.monotonic() + 30
    while not q.qmp_path.exists() and time.monotonic() < deadline:
        time.sleep(0.1)


def wait_for_status(q, want, seconds):
    deadline = time.monotonic() + seconds
    status = None
    while time.monotonic() < deadline:
        status = q.qmp("query-status").get("status")
        if status == want:
            return status
        time.sleep(0.5)
    return status


def screen(q, path):
    path.unlink(missing_ok=True)
    q.qmp("screendump", {"filename": str(path)})
    w, h, pix = bootlib.read_ppm(path)
    return bootlib.screen_text(w, h, pix, bootlib.Psf2Font(bootlib.FONT))


@pytest.mark.fixed_smp
def test_boot_log_on_screen_without_serial(esp, boot, request):
    bootlib.set_cmdline(esp, "init=/bin/init /bin/hello")
    q = boot(esp, serial=False, no_shutdown=True)
    qmp_ready(q)
    status = wait_for_status(q, "shutdown", 120)
    rows = screen(q, bootlib.LOG_DIR / f"{request.node.name}.ppm")
    q.kill()
    text = "\n".join(rows)
    assert status == "shutdown", f"no poweroff (status {status}):\n{text}"
    for line in ["kernel: boot complete", "hello, world",
                 "init: /bin/hello exited with status 0",
                 "kernel: init exited with status 0"]:
        assert line in rows, f"{line!r} not on the screen:\n{text}"


@pytest.mark.fixed_smp
def test_panic_on_screen_without_serial(esp, boot, request):
    bootlib.set_cmdline(esp, "test_fault=panic")
    q = boot(esp, serial=False, no_shutdown=True)
    qmp_ready(q)
    deadline = time.monotonic() + 120
    rows = []
    while time.monotonic() < deadline:
        rows = screen(q, bootlib.LOG_DIR / f"{request.node.name}.ppm")
        if "kernel: system halted" in rows:
            break
        time.sleep(1)
    text = "\n".join(rows)
    assert "kernel: system halted" in rows, f"no halt on screen:\n{text}"
    assert any(r.startswith("panic: fault_test: panic requested") for r in
               rows), f"no panic report on screen:\n{text}"
    time.sleep(2)                       # halted, not reset: still running
    assert q.qmp("query-status").get("status") == "running"
    q.kill()
