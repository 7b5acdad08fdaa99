"""
Fixtures for the boot tests: a private copy of esp/ per test and a
factory that builds a disk image of it and boots it under QEMU+OVMF.
Every run's serial log goes to build/test-logs/<test name>.log; QEMU is
killed when the test ends, whatever happened.
"""
import os
import re

import pytest

import bootlib


def pytest_sessionstart(session):
    need = [bootlib.ESP / "EFI" / "BOOT" / "BOOTX64.EFI",
            bootlib.ESP / "boot" / "kernel.elf",
            bootlib.ESP / "boot" / "cmdline"]
    missing = [str(p) for p in need if not p.is_file()]
    if missing:
        pytest.exit("the boot tests need the ESP that `make esp` builds "
                    "(`make boot-tests` does it); missing: "
                    + ", ".join(missing), returncode=4)
    for p in (bootlib.OVMF_CODE, bootlib.OVMF_VARS):
        if not p.is_file():
            pytest.exit(f"{p} is missing: install ovmf (make deps)",
                        returncode=4)


# The whole suite runs once per CPU count (make boot-tests: BOOT_SMP=1
# and 4). Tests marked fixed_smp choose their own CPU counts, or never
# start the kernel, and run in the BOOT_SMP=1 pass only.
BOOT_SMP = int(os.environ.get("BOOT_SMP", "1"))


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "fixed_smp: runs once, not once per BOOT_SMP")


def pytest_collection_modifyitems(config, items):
    if BOOT_SMP == 1:
        return
    skip = pytest.mark.skip(reason=f"BOOT_SMP={BOOT_SMP}: this test sets "
                            "its own CPU count or never starts the "
                            "kernel; it runs in the BOOT_SMP=1 pass")
    for item in items:
        if item.get_closest_marker("fixed_smp"):
            item.add_marker(skip)


def _log_name(node_name):
    """test_fault[pf] -> test_fault-pf"""
    name = node_name.replace("[", "-").replace("]", "")
    return re.sub(r"[^A-Za-z0-9_.-]", "_", name)


@pytest.fixture
def esp(tmp_path):
    """A copy of esp/ that the test may change, with an empty command
    line whatever `make esp CMDLINE=...` put in esp/."""
    d = bootlib.copy_esp(tmp_path / "esp")
    bootlib.set_cmdline(d, "")
    return d


FIRMWARE_WAIT = 60     # s from QEMU's start to OVMF's first line, at most


@pytest.fixture
def boot(request, tmp_path):
    """
    boot(esp_dir, mem=..., smp=..., cpu_features=..., usb=...,
    no_shutdown=...) builds a GPT image of esp_dir and starts QEMU on it;
    returns a bootlib.Qemu.
    """
    runs = []

    def start(esp_dir, **kw):
        if "smp" not in kw and BOOT_SMP > 1:
            kw["smp"] = BOOT_SMP
            # OVMF parks spare CPUs in MWAIT when CPUID offers MONITOR,
            # which TCG runs as a busy loop (test_selftests.py): offer
            # none, as KVM does not.
            kw.setdefault("cpu_features", ",-monitor")
        for attempt in (1, 2):
            n = len(runs)
            work = tmp_path / f"run{n}"
            work.mkdir()
            img = bootlib.make_image(esp_dir, work / "disk.img")
            name = _log_name(request.node.name) + \
                (f"-{n + 1}" if n else "") + \
                (f"-smp{BOOT_SMP}" if BOOT_SMP > 1 else "")
            q = bootlib.Qemu(work, bootlib.LOG_DIR / f"{name}.log", img,
                             **kw)
            runs.append(q)
            # OVMF itself sometimes stops before printing anything (seen
            # twice on a loaded host: RIP in the firmware's DXE code, no
            # line in 90 s). That is not the kernel's doing: note it,
            # keep the log, and boot once more.
            if attempt == 2 or not kw.get("serial", True) or \
                    q.firmware_started(FIRMWARE_WAIT):
                return q
            where = q.post_mortem().replace("\n", " | ")
            print(f"\n{name}: no firmware output in {FIRMWARE_WAIT} s "
                  f"({where}); booting again")
            q.close()
        return q

    yield start
    for q in runs:
        q.close()
    # A debugging check's report fails the test even where the test
    # itself expected a panic (test_faults) or stopped reading early.
    for q in runs:
        m = bootlib.CHECK_REPORT.search(q.text)
        if m:
            line = q.text[m.start():].split("\n", 1)[0]
            pytest.fail(q.fail(f"a kernel check reported: {line}"))


_figures = []          # (test name, what, value) in the order of the run


def pytest_runtest_logreport(report):
    if report.when == "call":
        name = report.nodeid.rsplit("::", 1)[-1]
        _figures.extend((name, what, value)
                        for what, value in report.user_properties)


def pytest_terminal_summary(terminalreporter):
    """Show what the tests measured (record_property(what, value)) after
    the run, passed or failed, so that a -v run shows the figures."""
    if _figures:
        terminalreporter.section("figures measured by the boot tests")
        for name, what, value in _figures:
            terminalreporter.write_line(f"{name}: {what}: {value}")
