"""
A smoke run of user/bench (the program make bench runs) as init, with
1% of its iterations: every benchmark runs and prints a positive figure
in its unit, the parallel ones too when there are several CPUs, and bench
exits 0. No figure is compared with anything: timings belong to make
bench, not to tests.
"""
import os
import re

import bootlib

# name: unit, in the order bench prints them.
BENCHMARKS = {
    "null_syscall": "ns", "fork_exit_wait": "us", "fork_16m": "us",
    "fork_exec_wait": "us", "pipe_rtt": "us", "pipe_bw": "MB/s",
    "anon_fault": "ns", "cow_fault": "ns", "mmap_munmap": "us",
    "proc_100": "us", "mem_per_proc": "KiB",
}
PARALLEL = {"spawn_1cpu": "per_s", "spawn_allcpu": "per_s",
            "spawn_speedup": "x"}


def test_bench_smoke(esp, boot):
    bootlib.set_cmdline(esp, "init=/bin/bench -s 1")
    q = boot(esp)
    q.wait_for(r"^kernel: init exited with status \d+$")
    lines = q.lines
    cpus = int(os.environ.get("BOOT_SMP", "1"))
    head = bootlib.find_line(lines, r"bench: (\d+) CPU\(s\), scale 1%, "
                                    r"5 batches, pid 1")
    assert head and int(head.group(1)) == cpus, q.fail(
        f"no 'bench: {cpus} CPU(s), scale 1%' line")
    want = dict(BENCHMARKS, **(PARALLEL if cpus > 1 else {}))
    got = {}
    for line in lines:
        m = re.fullmatch(r"BENCH (\S+) (\S+) (\S+)", line)
        if m:
            got[m.group(1)] = (float(m.group(2)), m.group(3))
    assert list(got) == list(want), q.fail(
        f"benchmarks printed {list(got)}, expected {list(want)}")
    for name, unit in want.items():
        value, printed_unit = got[name]
        assert printed_unit == unit and value > 0, q.fail(
            f"BENCH {name} {value} {printed_unit}: expected a positive "
            f"figure in {unit}")
    assert bootlib.find_line(lines, r"bench: done"), q.fail(
        "no 'bench: done' line")
    assert bootlib.find_line(lines, r"kernel: init exited with status 0"), \
        q.fail("bench exited with a non-zero status")
