"""
The system-call fuzzer (user/fuzz.c) against the kernel, then the proof
that the kernel is still whole: init runs /bin/fuzz, which checks that
free memory and the process count came back to where they started, and
then some of the ordinary test programs, which must all pass.

A run is reproducible by its seed, printed first. make test uses fixed
seeds, one per CPU count, so that CI is repeatable; `make fuzz N=calls
SEED=s` (FUZZ_CALLS, FUZZ_SEED here) runs longer or other ones, a random
seed when none is given.
"""
import os
import random
import re
import time

import bootlib

CALLS = int(os.environ.get("FUZZ_CALLS", "100000"))
SEED = os.environ.get("FUZZ_SEED")
# After the fuzzer: quick programs over processes, memory, descriptors
# and signals, the state the fuzzer churns hardest. On several CPUs (make
# boot-tests' second pass, the checking kernel) test_proc's 10,000 forks
# and test_signal's 50,000-signal ping-pong take 50 s and 70 s under TCG;
# they run there in test_checks' counters test instead, and here at 1 CPU.
AFTER = ["test_proc", "test_mem", "test_fd", "test_signal", "test_mmap"]
AFTER_SMP = ["test_mem", "test_fd", "test_mmap"]

# 100,000 calls took 24-53 s at -smp 1 under TCG on the 2-core
# development machine; the programs after it about 30 s.
RUN_TIMEOUT = 600 + CALLS // 100


def test_fuzz_then_the_tests_pass(esp, boot):
    cpus = int(os.environ.get("BOOT_SMP", "1"))
    if SEED is not None:
        seed = int(SEED, 0)
    elif "FUZZ_CALLS" in os.environ:
        seed = random.getrandbits(48)           # make fuzz: explore
    else:
        seed = 0x5eed0000 + cpus                # make test: repeatable
    # init runs each word of its command line as a program: the
    # fuzzer's arguments go through a script.
    run = esp / "root" / "bin" / "fuzz-run"
    run.write_text(f"#!/bin/sh\nexec /bin/fuzz -s {seed} -n {CALLS}\n")
    after = AFTER if cpus == 1 else AFTER_SMP
    bootlib.set_cmdline(esp, "init=/bin/init /bin/fuzz-run " +
                        " ".join(f"/bin/{p}" for p in after))
    q = boot(esp)
    q.deadline = q.start + RUN_TIMEOUT
    print(f"\nfuzz seed {seed}, {CALLS} calls, -smp {cpus}")
    try:
        end = q.wait_for(r"^(kernel: init exited with status \d+|"
                         r"kernel: system halted)$")
    finally:
        print(f"  {time.monotonic() - q.start:.1f} s from QEMU's start")
        for line in q.lines:
            if line.startswith("fuzz: "):
                print("  " + line)
    assert end.group(1) != "kernel: system halted", q.fail(
        f"the kernel halted (seed {seed}): " + " | ".join(
            line for line in q.lines if line.startswith("panic")))
    m = bootlib.find_line(q.lines, r"fuzz: seed \d+: (\d+) calls by (\d+) "
                          r"workers in \d+ ms; (\d+) finished.*")
    assert m, q.fail(f"no summary from the fuzzer (seed {seed})")
    assert int(m.group(1)) >= CALLS, q.fail(f"only {m.group(1)} calls made")
    assert bootlib.find_line(q.lines, r"fuzz: done"), q.fail(
        f"the fuzzer found the kernel did not recover (seed {seed})")
    assert bootlib.find_line(q.lines,
                             r"init: /bin/fuzz-run exited with status 0"), \
        q.fail("init did not report the fuzzer exiting with status 0")
    fails = [line for line in q.lines if line.startswith("FAIL ")]
    for prog in after:
        s = bootlib.find_line(q.lines,
                              rf"{prog}: (\d+) passed, (\d+) failed")
        assert s and int(s.group(1)) > 0 and int(s.group(2)) == 0, q.fail(
            f"{prog} after the fuzzer (seed {seed}): " + " | ".join(fails))
    assert bootlib.find_line(q.lines, r"kernel: init exited with status 0"), \
        q.fail("init did not exit with status 0")
    bad = [line for line in q.lines
           if re.match(r"(panic|list: |KASSERT)", line)]
    assert not bad, q.fail(f"unexpected kernel lines: {bad}")
