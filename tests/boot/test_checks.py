"""
The debugging checks check themselves: each self-test provokes what its
check exists to catch and reads back the report (selftest_checks.c). They
run with the kernel that has the check: the second pass of make
boot-tests (DEBUG=1 SANITIZE=1), or any pass of make test SANITIZE=1 or
DEBUG=1; with the plain kernel they are skipped.
"""
import re

import pytest

import bootlib


def kernel_has(symbol):
    return symbol in bootlib.elf_symbols(bootlib.KERNEL_ELF)


def need(symbol, flavour):
    """Skip unless the ESP's kernel has the check (its runtime's symbol):
    the plain kernel of make boot-tests' first pass has none; the second
    pass (DEBUG=1 SANITIZE=1) runs these tests."""
    if not kernel_has(symbol):
        pytest.skip(f"the kernel under test is not a {flavour} build, so "
                    f"it has no such check; make boot-tests' second pass "
                    f"(DEBUG=1 SANITIZE=1) runs this test")


def run_selftest(esp, boot, name):
    """Boot with selftest=name; the detail of its PASS line."""
    bootlib.set_cmdline(esp, f"selftest={name}")
    q = boot(esp)
    m = q.wait_for(rf"^selftest: {name}: (PASS|FAIL) (.*)$", timeout=60)
    assert m.group(1) == "PASS", q.fail(f"{name}: {m.group(2)}")
    q.wait_for(r"^kernel: init exited with status 0$", timeout=20)
    return q, m.group(2)


def test_ubsan_reports_each_kind_with_its_line(esp, boot, record_property):
    need("__ubsan_handle_add_overflow", "SANITIZE=1")
    q, detail = run_selftest(esp, boot, "ubsan")
    record_property("ubsan", detail)
    n = int(re.match(r"(\d+) kinds reported", detail).group(1))
    assert n == 6, q.fail(f"{n} kinds of 6 reported")
    # Nothing in the boot itself was reported (it would have panicked).
    assert bootlib.find_line(q.lines, r"kernel: built with checks:.*ubsan")


def test_lock_order_inversions_are_reported(esp, boot, record_property):
    """selftest=lockorder provokes an inverted pair of spinlocks, a cycle
    of three, an inverted pair of mutexes and a mutex taken under a
    spinlock; each must be reported with its places (the kernel checks
    each report; the pair's four places come back here)."""
    need("lockorder_acquire", "DEBUG=1")
    q, detail = run_selftest(esp, boot, "lockorder")
    record_property("lockorder", detail)
    assert detail.startswith("4 reports"), q.fail(detail)
    places = re.findall(r"selftest_lockorder\+0x[0-9a-f]+", detail)
    assert len(set(places)) == 4, q.fail(f"not four places: {detail}")


# /proc/kstat's counters that may legitimately differ after the suite:
# the heap keeps one empty slab page per size class, and the kernel's
# page tables stay once made (for more kernel stacks at once), so those
# pages, and the free frames they take, are a cache. Everything else comes back exactly,
# with one deliberate change: test_fs unlinks /etc/esp-bytes, a file the
# loader read (test_user.add_bad_images). What that costs is measured in
# the same boot by unlinking an identical twin before the suite.
CACHES = re.compile(r"frames_free|heap_pages|slab_\d+_pages|"
                    r"kernel_page_tables")
SNAP = "#!/bin/sh\necho 'kstat {'\ncat /proc/kstat\necho 'kstat }'\n"


def snapshots(text):
    """The /proc/kstat copies the snap script printed, as dicts."""
    snaps = []
    for block in re.findall(r"^kstat \{\n(.*?)^kstat \}$", text, re.M | re.S):
        snaps.append({k: int(v) for k, v in
                      (line.split() for line in block.splitlines())})
    return snaps


def deltas(a, b):
    """Counter changes from a to b, the caches folded into one figure:
    frames free or held as a cache."""
    def cached(s):
        return s["frames_free"] + s["heap_pages"] + s["kernel_page_tables"]
    d = {k: b[k] - a[k] for k in a if not CACHES.fullmatch(k)}
    d["frames free or cached"] = cached(b) - cached(a)
    return d


def test_counters_come_back_after_the_user_suite(esp, boot, record_property):
    from test_user import PROGRAMS, RUN_TIMEOUT, add_bad_images
    add_bad_images(esp)
    etc, bindir = esp / "root" / "etc", esp / "root" / "bin"
    (etc / "esp-twin").write_bytes((etc / "esp-bytes").read_bytes())
    (bindir / "kstat-snap").write_text(SNAP)
    (bindir / "unlink-twin").write_text("#!/bin/sh\nrm /etc/esp-twin\n")
    bootlib.set_cmdline(esp, "init=/bin/init /bin/kstat-snap "
                        "/bin/unlink-twin /bin/kstat-snap " +
                        " ".join(f"/bin/{p}" for p in PROGRAMS) +
                        " /bin/kstat-snap")
    q = boot(esp)
    q.deadline = q.start + RUN_TIMEOUT
    q.wait_for(r"^kernel: init exited with status \d+$")
    for prog in ["unlink-twin"] + PROGRAMS:
        assert bootlib.find_line(
            q.lines, rf"init: /bin/{prog} exited with status 0"), \
            q.fail(f"{prog} did not pass")
    snaps = snapshots(q.text)
    assert len(snaps) == 3, q.fail(f"{len(snaps)} kstat snapshots, not 3")
    start, before, after = snaps
    assert start.keys() == before.keys() == after.keys() and \
        len(start) > 20, q.fail("the snapshots name different counters")
    unlink, suite = deltas(start, before), deltas(before, after)
    assert unlink["inodes"] == -1, q.fail(f"unlinking a file: {unlink}")
    record_property("counters changed by the suite", ", ".join(
        f"{k} {v:+d}" for k, v in suite.items() if v) or "none")
    record_property("cache changes", ", ".join(
        f"{k} {before[k]}->{after[k]}" for k in before
        if CACHES.fullmatch(k) and before[k] != after[k]) or "none")
    wrong = {k: (v, unlink[k]) for k, v in suite.items() if v != unlink[k]}
    assert not wrong, q.fail(
        "counters not back after the suite (beyond test_fs's unlink): " +
        ", ".join(f"{k} {v:+d} (the unlink: {u:+d})"
                  for k, (v, u) in wrong.items()))


FAIL_RATE = 1000        # one allocation in this many fails (fail_alloc=)
AFTER = ["test_proc", "test_fd", "test_mem"]
CLEANUP = "#!/bin/sh\nkill -9 -1\nsleep 1\nrm -rf /tmp/* /tmp/.[!.]*\n"


def test_injected_allocation_failures_leave_the_kernel_whole(
        esp, boot, record_property):
    """The user suite with make-it-fail set (failinject.h): the programs
    may fail, but the kernel neither panics nor hangs, and once what they
    left behind is gone (processes, files in /tmp) every counter is back;
    then programs run normally again."""
    need("failinject_alloc", "DEBUG=1")
    from test_user import PROGRAMS, RUN_TIMEOUT
    bindir = esp / "root" / "bin"
    (bindir / "kstat-snap").write_text(SNAP)
    (bindir / "cleanup").write_text(CLEANUP)
    # Each program sets its own make-it-fail (the shell around it does,
    # then execs it): the runner and init are spared. A case may wait
    # for a process that an injected failure never let start: waits end
    # after 5 s and cases after 30 (user/test.h; 60 and 60-300 s
    # otherwise, which once made this run take 346 s instead of 60).
    (bindir / "failrun").write_text(
        "#!/bin/sh\nexport TEST_WAIT_SEC=5 TEST_CASE_SEC=30\n"
        "for p in " + " ".join(PROGRAMS) + "; do\n"
        "\t/bin/sh -c \"echo 1 > /proc/self/make-it-fail && exec /bin/$p\""
        " > /dev/null 2>&1\n\techo \"failrun: $p status $?\"\ndone\n")
    bootlib.set_cmdline(esp, f"fail_alloc={FAIL_RATE} init=/bin/init "
                        "/bin/kstat-snap /bin/failrun /bin/cleanup "
                        "/bin/kstat-snap " +
                        " ".join(f"/bin/{p}" for p in AFTER))
    q = boot(esp)
    q.deadline = q.start + RUN_TIMEOUT
    q.wait_for(r"^kernel: init exited with status \d+$")
    statuses = dict(re.findall(r"^failrun: (\S+) status (\d+)$", q.text,
                               re.M))
    record_property("exit statuses under injection", ", ".join(
        f"{p} {s}" for p, s in statuses.items()))
    assert list(statuses) == PROGRAMS, q.fail(
        f"the runner did not see every program end: {statuses}")
    snaps = snapshots(q.text)
    assert len(snaps) == 2, q.fail(f"{len(snaps)} kstat snapshots, not 2")
    start, after = snaps
    injected = after["injected_failures"] - start["injected_failures"]
    record_property("allocations failed on purpose", injected)
    assert injected >= 20, q.fail(f"only {injected} failures injected")
    changed = {k: v for k, v in deltas(start, after).items()
               if v and k != "injected_failures"}
    assert not changed, q.fail("counters not back after the injected "
                               f"failures and the clean-up: {changed}")
    for prog in AFTER:
        assert bootlib.find_line(
            q.lines, rf"init: /bin/{prog} exited with status 0"), \
            q.fail(f"{prog} failed after the injected failures")
