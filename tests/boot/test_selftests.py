"""
The kernel's self-tests (selftest=all on the command line): scheduler,
threads, sleep, wait queues, mutexes, the timer tick, and on more than
one CPU the spread of threads over CPUs, a lock and wait-queue stress
test and TLB shootdown. Each prints one line with what it measured; the
test re-checks every bound from those figures instead of trusting PASS,
and times the two 1 s sleeps with the host's clock. Run with 1, 2 and 4
CPUs. Apart: selftest=migrate, threads moved between CPUs, at BOOT_SMP.
"""
import os
import re

import pytest

import bootlib

HZ = 250                        # the kernel's configured tick (time.h)
# Above this share of the host's CPU time taken by its own hypervisor
# (steal time, /proc/stat) during a run, TCG drops APIC timer ticks: the
# tick rate, and the fairness of tick-driven preemption, are then not
# judged. Seen: 31% steal gave 146-201 Hz, and spinners whose counts
# differed 5x (the one running while ticks were lost kept the CPU).
STEAL_LIMIT = 0.05
TICK_BOUND = ("timer", "preempt")


def host_cpu_times():
    """(steal, total) jiffies of the host's CPUs, from /proc/stat."""
    with open("/proc/stat") as f:
        fields = [int(x) for x in f.readline().split()[1:]]
    return fields[7], sum(fields)
DETAILS = {
    "preempt": r"(\d+) spinners on one CPU over 1 s: min (\d+) max (\d+) "
               r"\(bound: min >= max/2\)",
    "threads": r"(\d+) threads: free frames (\d+) -> (\d+), heap objects "
               r"(\d+) -> (\d+), threads (\d+) -> (\d+)",
    "sleep": r"sleep_ns\(100 ms\) took (\d+)\.(\d{3}) ms by the TSC "
             r"\(bound: 100 to 200 ms\)",
    "pingpong": r"(\d+) \+ (\d+) hand-offs in (\d+) ms",
    "mutex": r"counter (\d+), expected (\d+)",
    "timer": r"(\d+) ticks in (\d+) ms: (\d+) Hz, configured (\d+) Hz "
             r"\(bound: 25%\)",
    "smp": r"(\d+) threads on (\d+) CPUs, threads run per CPU:((?: cpu\d+=\d+)+)",
    "stress": r"(\d+) producers, (\d+) consumers: (\d+) items, sum (\d+) "
              r"\(want (\d+)\), mutex (\d+), (\d+) ms",
    "tlb": r"CPU (\d+) read (0x[0-9a-f]+), then (0x[0-9a-f]+) after CPU (\d+) "
           r"remapped the page \(want 0x2222\)|(skipped: needs 2 CPUs)",
}


# Each check takes a result line's figures and returns (holds, what
# is wrong otherwise) pairs.

def check_preempt(n, lo, hi):
    return [(n == 8, f"{n} spinners, expected 8"),
            (lo > 0, f"a spinner never ran (min {lo})"),
            (lo * 2 >= hi, f"unfair share: min {lo} < max {hi} / 2")]


def check_threads(n, f0, f1, h0, h1, t0, t1):
    return [(n == 1000, f"{n} threads, expected 1000"),
            # A slab page per heap size class may come or go (selftest.c).
            (abs(f0 - f1) <= 8,
             f"free frames {f0} -> {f1}: {f0 - f1} not returned"),
            (h0 == h1, f"heap objects {h0} -> {h1}: {h1 - h0} leaked"),
            (t0 == t1, f"threads {t0} -> {t1}")]


def check_sleep(ms, frac):
    took = ms + frac / 1000
    return [(100 <= took < 200, f"sleep_ns(100 ms) took {took:.3f} ms")]


def check_pingpong(a, b, _ms):
    return [(a == b == 10000, f"hand-offs {a} + {b}, expected 10000 each")]


def check_mutex(counter, expected):
    return [(expected > 0, "expected count 0: no worker was meant to run"),
            (counter == expected,
             f"counter {counter} != {expected}: updates lost under the "
             f"mutex")]


def check_timer(ticks, ms, hz, configured):
    rate = ticks * 1000 / ms if ms else 0
    return [(configured == HZ, f"configured {configured} Hz, expected {HZ}"),
            (900 <= ms <= 1100, f"the 1 s sleep measured {ms} ms"),
            (abs(rate - HZ) <= HZ / 4,
             f"{rate:.0f} Hz is not within 25% of {HZ} Hz"),
            (abs(rate - hz) <= 2,
             f"printed {hz} Hz, but {ticks} ticks in {ms} ms is "
             f"{rate:.1f} Hz")]


def check_smp(nthreads, ncpus, per_cpu):
    counts = [int(c) for c in re.findall(r"cpu\d+=(\d+)", per_cpu)]
    return [(nthreads == 8, f"{nthreads} threads, expected 8"),
            (len(counts) == ncpus, f"{len(counts)} CPUs listed, {ncpus} online"),
            (all(c > 0 for c in counts),
             f"a CPU ran none of the threads: {per_cpu.strip()}")]


def check_stress(producers, consumers, items, total, want, mutex, _ms):
    n = producers * 2000
    return [(items == n, f"{items} items consumed, expected {n}"),
            (total == want == n * (n + 1) // 2, f"sum {total}, want {want}"),
            (mutex == producers * (2000 // 64), f"mutex count {mutex}")]


def check_tlb(reader, before, after, writer, skipped):
    if skipped:
        return [(True, "")]
    return [(before == "0x1111", f"first read {before}"),
            (after == "0x2222", f"read {after} after the remap: stale TLB"),
            (reader != writer, f"reader and writer both CPU {reader}")]


CHECKS = {"preempt": check_preempt, "threads": check_threads,
          "sleep": check_sleep, "pingpong": check_pingpong,
          "mutex": check_mutex, "timer": check_timer, "smp": check_smp,
          "stress": check_stress, "tlb": check_tlb}


def host_interval(q, before, after):
    """Host seconds between the arrival of the whole lines before and
    after (regexes)."""
    lines = q.lines
    i = next(k for k, l in enumerate(lines) if re.fullmatch(before, l))
    j = next(k for k, l in enumerate(lines) if re.fullmatch(after, l))
    return q.line_time(j) - q.line_time(i)


# With -smp 2 the kernel leaves the second CPU where OVMF parked it: in
# an MWAIT loop if CPUID offers MONITOR. TCG runs MWAIT as a busy loop
# once there is more than one CPU, so that CPU and QEMU's main thread
# each take a whole host core, and the boot CPU's APIC timer (served by
# that main thread) loses ticks: 933-961 Hz measured on a 2-core host,
# against 986-995 Hz here without MONITOR, when OVMF parks it with HLT
# as it would under KVM (which does not offer MONITOR).
@pytest.mark.fixed_smp
@pytest.mark.parametrize("smp, cpu_features",
                         [(1, ""), (2, ",-monitor"), (4, ",-monitor")],
                         ids=["smp1", "smp2", "smp4"])
def test_selftests(esp, boot, record_property, smp, cpu_features):
    bootlib.set_cmdline(esp, "selftest=all")
    steal0, total0 = host_cpu_times()
    q = boot(esp, smp=smp, cpu_features=cpu_features)
    q.wait_for(r"^kernel: init exited with status \d+$")
    status = q.wait_exit(timeout=20)
    steal1, total1 = host_cpu_times()
    steal = (steal1 - steal0) / max(total1 - total0, 1)
    record_property("host steal time", f"{steal:.0%}")
    starved = steal > STEAL_LIMIT

    problems, waived = [], 0
    for name, detail in DETAILS.items():
        m = bootlib.find_line(q.lines, rf"selftest: {name}: (PASS|FAIL) (.*)")
        if not m:
            problems.append(f"{name}: no result line")
            continue
        record_property(name, m.group(2))
        print(f"{name}: {m.group(1)} {m.group(2)}")
        if name in TICK_BOUND and starved:
            print(f"{name}: not judged: the host's hypervisor took "
                  f"{steal:.0%} of its CPU time during the run")
            waived += int(m.group(1) == "FAIL")
            continue
        if m.group(1) != "PASS":
            problems.append(f"{name}: the kernel reports FAIL: "
                            f"{m.group(2)}")
        d = re.fullmatch(detail, m.group(2))
        if not d:
            problems.append(f"{name}: cannot read the figures in "
                            f"{m.group(2)!r}")
            continue
        checks = CHECKS[name](*(int(g) if g and g.isdigit() else g
                                for g in d.groups()))
        problems += [f"{name}: {why} (the kernel said {m.group(1)})"
                     for ok, why in checks if not ok]

    # The kernel's 1 s sleeps, timed by the host's clock: a clock that
    # runs too fast or too slow shows here, whatever the guest measures.
    for name, before in (("preempt", r"kernel: boot complete"),
                         ("timer", r"selftest: mutex: .*")):
        try:
            dt = host_interval(q, before, rf"selftest: {name}: .*")
        except StopIteration:
            continue                    # reported above
        record_property(f"{name} 1 s sleep by the host's clock",
                        f"{dt:.3f} s")
        print(f"{name}: the 1 s sleep took {dt:.3f} s by the host's clock")
        if not 0.95 <= dt <= 2.5:
            problems.append(f"{name}: the kernel's 1 s sleep took {dt:.3f} s "
                            f"of host time (bound: 0.95 to 2.5 s)")

    assert not problems, q.fail("\n".join(problems))
    bootlib.assert_in_order(q, [
        rf"acpi: MADT: {smp} CPUs, .*",
        rf"smp: {smp} CPUs? (started|\(APIC id).*",
        r"kernel: boot complete",
        rf"selftest: {9 - waived} passed, {waived} failed",
        rf"kernel: init exited with status {waived}",
    ])
    assert status == 0, q.fail(f"QEMU exit status {status}, not 0")
    tail = q.text.split(f"kernel: init exited with status {waived}\n",
                        1)[1]
    assert tail.strip() == "", q.fail(
        f"output after init exited (poweroff should be silent): {tail!r}")


# selftest=migrate: twice as many threads as CPUs spin and sleep in
# turns, preempted at every tick, and check at each step that
# thread_current() is the thread itself. Not in "all": under TCG a timer
# interrupt lands only between translation blocks, so with the plain
# kernel a race inside thread_current()'s two instructions cannot show.
# It runs with the ESP under test at BOOT_SMP CPUs: in make boot-tests'
# second pass, the checking kernel, whose ubsan checks end a block
# between the load of the CPU and the load of its current thread. With
# thread_current() written as those two loads it failed there (60-71
# calls of 1.1e8 returned another thread, 3 boots of 3); the fuzzer had
# met the same race as a user thread with no process.
def test_threads_moved_between_cpus_find_themselves(esp, boot,
                                                    record_property):
    smp = int(os.environ.get("BOOT_SMP", "1"))
    if smp == 1:
        pytest.skip("needs more than one CPU: make boot-tests' second pass "
                    "(BOOT_SMP=4) runs it")
    bootlib.set_cmdline(esp, "selftest=migrate")
    q = boot(esp)
    m = q.wait_for(r"^selftest: migrate: (PASS|FAIL) (\d+) threads on (\d+) "
                   r"CPUs: (\d+) moves between CPUs, (\d+) checks, (\d+) "
                   r"found another thread current$", timeout=60)
    record_property("migrate", m.group(0))
    threads, cpus, moves, checks, wrong = map(int, m.groups()[1:])
    assert cpus == smp, q.fail(f"{cpus} CPUs online, not {smp}")
    assert wrong == 0, q.fail(f"{wrong} of {checks} thread_current() calls "
                              f"returned another thread")
    assert checks > 0 and moves > 0, q.fail(
        f"{checks} checks, {moves} moves: the test did not exercise "
        f"threads moving between CPUs")
    assert m.group(1) == "PASS", q.fail(m.group(0))
    q.wait_for(r"^kernel: init exited with status 0$", timeout=20)
