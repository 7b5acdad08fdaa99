"""
The shell on the console. With an empty command line init runs /bin/sh
on the serial port, and a new one whenever the shell exits; these tests
type commands on the serial input and read the answers from the serial
log: pipelines, redirections, quoting, variables, scripts (run by sh and
by execve through #!), job control with ^C and ^Z, ps, sixteen
background jobs on one and on four CPUs, a fork bomb held by ulimit -u,
and poweroff and reboot.

How a command is typed: the prompt is set to "@\\w@ " at the start of
each session. It ends no line, so wait_for (complete lines only) cannot
see it: Shell.wait_prompt reads the whole text, incomplete line
included. Each command goes out once its prompt is there, with
`echo "=""=done N $?=="` after it; the line "==done N STATUS==" marks
its end and gives its status (the terminal's echo of the typed line,
with its quotes, cannot match). The lines between that echo and the
marker are the command's output, stdout and stderr both. ^C and ^Z
would stop QEMU if they came through the serial port: they are typed on
the PS/2 keyboard through QMP.
"""
import os
import re
import time
from collections import namedtuple

import pytest

import bootlib

# Seconds. Under TCG a command takes well under a second at -smp 1; the
# limits are for slow shared hosts and -smp 4.
RUN_TIMEOUT = 900       # from QEMU's start to its end, whatever happens
BOOT_WAIT = 180         # from QEMU's start to the shell's first prompt
CMD_TIMEOUT = 60        # one command, from its Enter to its marker
JOBS_TIMEOUT = 300      # sixteen jobs: about 550 fork+exec
BOMB_WAIT = 30          # for the fork bomb to end by itself before ^C
PAUSE = 2               # for a command typed to start before a key
POLL = 0.05             # how often the text is looked at for a prompt

PROMPT = re.compile(r"@([^@\n]*)@ ")            # PS1='@\w@ '
DEFAULT_PROMPT = re.compile(r"/ # ")            # PS1 "\w # " at /
SET_PS1 = r"PS1='@\w@ '"

PS_HEADER = re.compile(r"\s*PID\s+PPID\s+S\s+TIME\s+COMMAND\s*")
PS_ROW = re.compile(r"\s*(\d+)\s+(\d+)\s+([A-Za-z])\s+(\S+)\s*(.*?)\s*")
Proc = namedtuple("Proc", "pid ppid state time command")

SHELL_COMMAND = re.compile(r"-?(/bin/)?sh(\s.*)?")

# A #! script put in the ESP's /bin, where every file is 0755.
HELLO_SH = '#!/bin/sh\necho "hello.sh $#: $1 $2"\n'

# Written to /tmp/s.sh by the shell, one `echo '...' >>` per line.
SCRIPT = [
    "i=0",
    'while [ $i -lt 5 ]; do echo "n=$i"; i=$((i+1)); done',
    'for w in a b c; do echo "w=$w"; done',
    'echo "args=$# first=$1"',
    'if [ "$2" = y ]; then echo second=y; elif [ "$2" = z ]; '
    'then echo second=z; else echo second=other; fi',
    'k=3; until [ $k -eq 0 ]; do k=$((k-1)); done; echo "k=$k"',
    'echo "arith=$((2+3*4)) $(( (7-2)*3 )) $((17/5)) $((17%5))"',
    "exit 7",
]


def script_output(args):
    """What sh /tmp/s.sh prints for args."""
    second = args[1] if len(args) > 1 else ""
    return ([f"n={i}" for i in range(5)] +
            [f"w={w}" for w in "abc"] +
            [f"args={len(args)} first={args[0] if args else ''}",
             "second=" + (second if second in ("y", "z") else "other"),
             "k=0", "arith=14 15 3 2"])


class Shell:
    """The shell on the serial console of run q, typed at line by line.
    pos is where the text not yet looked at starts; at_prompt says a
    prompt was seen there and nothing has been typed at it yet."""

    def __init__(self, q):
        self.q = q
        self.pos = 0
        self.at_prompt = False
        self.cwd = None         # what the last prompt showed for \w
        self.n = 0              # markers used

    def mark(self):
        """A position in the text, for since()."""
        return len(self.q.text)

    def since(self, mark):
        return self.q.text[mark:]

    def settle(self, seconds=PAUSE):
        """Keep reading the serial port for seconds."""
        assert self.q.still_running(seconds), self.q.fail(
            f"QEMU exited (status {self.q.exit_status}) unexpectedly")

    def wait_until(self, test, what, timeout=CMD_TIMEOUT, required=True):
        """Wait until test(text) is true for the cleaned text, incomplete
        last line included; returns its value, or None after timeout
        seconds if not required."""
        q = self.q
        end = time.monotonic() + timeout
        while True:
            found = test(q.text)
            if found:
                return found
            if time.monotonic() >= end:
                assert not required, q.fail(
                    f"timed out after {timeout} s waiting for {what}")
                return None
            if not q.still_running(POLL):
                found = test(q.text)
                assert found, q.fail(
                    f"QEMU exited (status {q.exit_status}) while waiting "
                    f"for {what}")
                return found

    def wait_prompt(self, timeout=CMD_TIMEOUT, rx=PROMPT, required=True):
        """Wait for the next prompt; returns the text from pos to it (the
        echo of the last line typed, its output, job reports), or None
        after timeout seconds if not required."""
        m = self.wait_until(lambda text: rx.search(text, self.pos),
                            f"the prompt {rx.pattern!r}", timeout, required)
        if m is None:
            return None
        gap = self.q.text[self.pos:m.start()]
        self.pos = m.end()
        self.at_prompt = True
        self.cwd = m.group(1) if rx.groups else None
        return gap

    def type(self, line, timeout=CMD_TIMEOUT):
        """Type line and Enter at the next prompt."""
        if not self.at_prompt:
            self.wait_prompt(timeout)
        self.at_prompt = False
        self.q.send_serial(line.encode() + b"\r")

    def start(self, line):
        """Type line, wait for its echo and give it PAUSE seconds to
        start (before a key that is meant for it)."""
        self.type(line)
        self.wait_until(lambda text: text.find(line + "\n", self.pos) >= 0,
                        f"the echo of `{line}`")
        self.settle()

    def keys(self, *chords):
        self.q.send_keys(*chords)

    def run(self, cmd, timeout=CMD_TIMEOUT):
        """Type cmd with a marker after it; returns (its exit status, the
        lines it printed)."""
        q = self.q
        self.n += 1
        n = self.n
        sep = " " if cmd.rstrip().endswith("&") else "; "
        self.type(f'{cmd}{sep}echo "=""=done {n} $?=="', timeout)
        start = self.pos
        m = q.wait_for(rf"==done {n} (\d+)==$", timeout=timeout)
        text = q.text
        line_start = text.rfind("\n", 0, m.start()) + 1
        gap = text[start:max(start, line_start)]
        echo = gap.find(f'=done {n} $?=="')
        nl = gap.find("\n", max(echo, 0))
        out = gap[nl + 1:] if nl >= 0 else ""
        self.pos = m.end()
        return int(m.group(1)), out.split("\n")[:-1]

    def check(self, cmd, lines, status=0, timeout=CMD_TIMEOUT):
        """Run cmd; it must print exactly lines and end with status."""
        got, out = self.run(cmd, timeout)
        assert (got, out) == (status, lines), self.q.fail(
            f"`{cmd}`: status {got}, output {out}; expected status "
            f"{status}, output {lines}")
        return out

    def value(self, cmd, timeout=CMD_TIMEOUT):
        """Run cmd; it must succeed and print one line, returned."""
        got, out = self.run(cmd, timeout)
        assert got == 0 and len(out) == 1, self.q.fail(
            f"`{cmd}`: status {got}, output {out}; expected status 0 "
            f"and one line")
        return out[0]


def start_shell(q, s=None, timeout=CMD_TIMEOUT):
    """Wait for a shell's first prompt (the default one, at /) and set
    PS1; returns the Shell (s, or a new one)."""
    s = s or Shell(q)
    s.wait_prompt(timeout, rx=DEFAULT_PROMPT)
    s.check(SET_PS1, [])
    s.wait_prompt()
    assert s.cwd == "/", q.fail(f"the prompt shows {s.cwd!r}, not /")
    return s


def boot_shell(boot, esp, **kw):
    """Boot esp (empty command line) and set up its shell."""
    q = boot(esp, **kw)
    q.deadline = q.start + RUN_TIMEOUT
    return q, start_shell(q, timeout=BOOT_WAIT)


def ps(s, strict=True):
    """The processes `ps` lists, as Procs. Lines that are not rows fail
    the test when strict, else are skipped (others may write to the
    terminal meanwhile)."""
    status, out = s.run("ps")
    q = s.q
    assert status == 0, q.fail(f"ps: status {status}")
    heads = [i for i, line in enumerate(out) if PS_HEADER.fullmatch(line)]
    assert heads and (heads[0] == 0 or not strict), q.fail(
        f"ps printed no header `  PID  PPID S     TIME COMMAND`: {out}")
    procs = []
    for line in out[heads[0] + 1:]:
        m = PS_ROW.fullmatch(line)
        assert m or not strict, q.fail(
            f"ps: {line!r} is not a row PID PPID S TIME COMMAND")
        if m:
            procs.append(Proc(int(m.group(1)), int(m.group(2)), m.group(3),
                              m.group(4), m.group(5)))
    return procs


def job_started(s, out):
    """The pid of the `[N] PID` line of a background job in out."""
    found = [m for m in map(re.compile(r"\[\d+\] (\d+)").fullmatch, out)
             if m]
    assert len(found) == 1, s.q.fail(
        f"expected one `[N] PID` line for the background job: {out}")
    return int(found[0].group(1))


def assert_no_kernel_trouble(q):
    bad = [line for line in q.lines
           if re.match(r"(panic|KASSERT|kernel: system halted)", line)]
    assert not bad, q.fail(f"unexpected kernel lines: {bad}")


def power_off(s):
    """Type poweroff: init stops everything, the kernel's last line is
    `kernel: power off` and QEMU ends with status 0."""
    q = s.q
    s.type("poweroff")
    q.wait_for(r"^kernel: power off$", timeout=CMD_TIMEOUT)
    status = q.wait_exit(timeout=CMD_TIMEOUT)
    last = [line for line in q.lines if line.strip()][-1]
    assert last == "kernel: power off", q.fail(
        f"the log ends with {last!r}, not `kernel: power off`")
    assert status == 0, q.fail(f"QEMU exit status {status}, not 0")
    assert_no_kernel_trouble(q)


def test_interactive_session(esp, boot):
    """Pipes (two to six stages), < > >> 2> 2>&1, && and ||, quoting,
    variables, export and unset, cd and \\w, subshells, PATH search, the
    messages and statuses of an unknown command (127) and of syntax
    errors (2, the shell keeps going), scripts with while, until, for,
    if/elif/else, $((...)), $# and $1 run by sh, . (source), a #!
    script run by name, `[1] PID` for a background job and ps rows for
    the shell and its child; `exit 3` ends the shell and init starts a
    new one; poweroff ends the run."""
    (esp / "root" / "bin" / "hello.sh").write_text(HELLO_SH)
    programs = len(os.listdir(esp / "root" / "bin"))
    q, s = boot_shell(boot, esp)

    s.check("echo hi | cat", ["hi"])
    n = s.value("ls /bin | wc -l")
    assert n.strip() == str(programs), q.fail(
        f"ls /bin | wc -l printed {n!r}; the ESP has {programs} programs")

    # Redirections.
    s.check("echo abc > /tmp/f; echo def >> /tmp/f; cat < /tmp/f",
            ["abc", "def"])
    s.check("echo xyz > /tmp/f; cat /tmp/f", ["xyz"])         # > truncates
    for cmd in ("ls /nonexistent 2> /tmp/err",
                "ls /nonexistent > /tmp/o 2>&1"):
        status, out = s.run(cmd)
        assert status != 0 and out == [], q.fail(
            f"`{cmd}`: status {status}, output {out}; expected a failure "
            f"and nothing on the terminal")
    for f in ("/tmp/err", "/tmp/o"):
        status, out = s.run(f"cat {f}")
        assert status == 0 and len(out) == 1 and "/nonexistent" in out[0], \
            q.fail(f"{f} holds {out}, not ls's message about /nonexistent")
    n = s.value("ls /nonexistent 2>&1 | wc -l")
    assert n.strip() == "1", q.fail(f"2>&1 into a pipe: {n!r} lines, not 1")

    # Lists and statuses.
    s.check("false || echo yes", ["yes"])
    s.check("true && echo both", ["both"])
    s.check("false && echo no", [], status=1)
    s.check("true || echo no", [])
    s.check("true | false", [], status=1)
    s.check("false | true", [])

    # Long pipelines; sort without -n orders the lines as strings.
    hits = sorted((str(i) for i in range(1, 101) if "1" in str(i)),
                  reverse=True)
    n = s.value("seq 1 100 | grep 1 | sort -r | head -n 5 | wc -l")
    assert n.strip() == str(min(5, len(hits))), q.fail(
        f"the 5-stage pipeline counted {n!r}")
    s.check("seq 1 100 | grep 1 | sort -r | head -n 12 | tail -n 3 | cat",
            hits[:12][-3:])

    # Quoting and variables.
    s.check(r"""X='a  b'; echo "$X" '$X' \$X""", ["a  b $X $X"])
    s.check(r"""echo "q\"q" 'it''s' a\ \ b""", ['q"q its a  b'])
    s.check("export EXPORTED=yes; NOTEXP=no; env | grep XP",
            ["EXPORTED=yes"])
    s.check('Z=1; unset Z; echo "[$Z]"', ["[]"])

    # cd, \w in the prompt, subshells, PATH.
    s.check("cd /tmp", [])
    s.wait_prompt()
    assert s.cwd == "/tmp", q.fail(f"after cd /tmp the prompt shows "
                                   f"{s.cwd!r}")
    s.check("(cd /bin; pwd); pwd", ["/bin", "/tmp"])
    s.check("cd /; pwd", ["/"])
    status, out = s.run("(PATH=/nowhere; seq 1 2)")
    assert status == 127 and any(re.search(r"\bseq: not found$", line)
                                 for line in out), q.fail(
        f"seq with PATH=/nowhere: status {status}, output {out}")
    s.check("/bin/echo absolute", ["absolute"])

    # An unknown command, syntax errors.
    status, out = s.run("nosuchcmd")
    assert status == 127 and any(re.search(r"\bsh: nosuchcmd: not found$",
                                           line) for line in out), q.fail(
        f"nosuchcmd: status {status}, output {out}; expected 127 and "
        f"`sh: nosuchcmd: not found`")
    # (A trailing "ls |" is no error: the shell asks for the rest, as
    # bash does.)
    for bad in ("echo (", "if true; fi", "| ls", "ls && && ls", "done"):
        s.type(bad)
        gap = s.wait_prompt()
        assert re.search(r"^sh: syntax error", gap, re.M), q.fail(
            f"`{bad}` printed no line starting `sh: syntax error`: {gap!r}")
        s.check("echo $?", ["2"])
    s.check("echo still here", ["still here"])

    # Scripts.
    for i, line in enumerate(SCRIPT):
        s.check(f"echo '{line}' {'>' if i == 0 else '>>'} /tmp/s.sh", [])
    for args in (["x", "y"], ["p", "z"], []):
        s.check("sh /tmp/s.sh " + " ".join(args), script_output(args),
                status=7)
    s.check("echo 'SRC=sourced' > /tmp/v.sh; . /tmp/v.sh; echo $SRC",
            ["sourced"])
    s.check("hello.sh one two", ["hello.sh 2: one two"])

    # $$, a background job, ps.
    shell_pid = int(s.value("echo $$"))
    status, out = s.run("sleep 50 &")
    sleep_pid = job_started(s, out)
    procs = {p.pid: p for p in ps(s)}
    me, init = procs.get(shell_pid), procs.get(1)
    assert init and "init" in init.command, q.fail(
        f"ps shows no init as pid 1: {procs.get(1)}")
    assert me and me.ppid == 1 and SHELL_COMMAND.fullmatch(me.command), \
        q.fail(f"ps: the shell (pid {shell_pid} from $$) is {me}; expected "
               f"sh, a child of init")
    sleeper = procs.get(sleep_pid)
    assert sleeper and re.fullmatch(r"(/bin/)?sleep 50", sleeper.command) \
        and sleeper.ppid == shell_pid, q.fail(
        f"ps: the job (pid {sleep_pid} from `[1] PID`) is {sleeper}; "
        f"expected sleep 50, a child of the shell ({shell_pid})")
    s.run("kill %1; wait")

    # exit: init starts a new shell.
    s.type("exit 3")
    start_shell(q, s)
    new_pid = int(s.value("echo $$"))
    assert new_pid != shell_pid, q.fail(
        f"after exit 3 the shell's pid is still {new_pid}")
    s.check("echo hi | cat", ["hi"])

    power_off(s)


def test_job_control(esp, boot):
    """^C ends the foreground job, not the shell ($? 130); `&` starts a
    job that `jobs` lists as Running and `kill %1` terminates (reported
    Terminated); wait waits for a background job; ^Z stops the foreground
    job (Stopped, in jobs too), bg runs it in the background, fg brings
    it back (printing its command) and ^C ends it; a cat reading the
    terminal gets the line typed and ^C ends it, the shell (same $$)
    stays; reboot restarts the machine (QEMU, with -no-reboot, exits)."""
    q, s = boot_shell(boot, esp)
    shell_pid = s.value("echo $$")

    s.start("sleep 100")
    s.keys(["ctrl", "c"])
    s.check("echo $?", ["130"])

    status, out = s.run("sleep 100 &")
    job_started(s, out)
    _, out = s.run("jobs")
    assert any(re.match(r"\[1\][+-]?\s+Running\s+sleep 100", line)
               for line in out), q.fail(f"jobs: {out}; expected job 1 "
                                        f"Running sleep 100")
    # The report comes before a prompt once the shell has seen the job
    # end (or in jobs' list): not before kill's own prompt, perhaps.
    mark = s.mark()
    s.check("kill %1", [])
    s.settle()
    s.run("jobs")
    _, out = s.run("jobs")
    assert not any("sleep 100" in line for line in out), q.fail(
        f"jobs still lists the killed job: {out}")
    assert re.search(r"^\[1\][+-]?\s+Terminated\s+sleep 100",
                     s.since(mark), re.M), q.fail(
        "after kill %1: no `[1]+  Terminated  sleep 100` report")
    # wait returns once the background jobs have ended.
    s.run("sleep 1 &")
    status, out = s.run("wait")
    assert status == 0 and all(re.match(r"\[1\][+-]?\s+Done\s+sleep 1",
                                        line) for line in out), q.fail(
        f"wait: status {status}, output {out}")
    _, out = s.run("jobs")
    assert not any("Running" in line for line in out), q.fail(
        f"jobs after wait: {out}")

    s.start("sleep 100")
    s.keys(["ctrl", "z"])
    gap = s.wait_prompt()
    assert re.search(r"^\[1\][+-]?\s+Stopped\s+sleep 100", gap, re.M), \
        q.fail(f"^Z: no `[1]+  Stopped  sleep 100` report: {gap!r}")
    _, out = s.run("jobs")
    assert any(re.match(r"\[1\][+-]?\s+Stopped\s+sleep 100", line)
               for line in out), q.fail(f"jobs: {out}; expected job 1 "
                                        f"Stopped sleep 100")
    s.run("bg")
    _, out = s.run("jobs")
    assert any(re.match(r"\[1\][+-]?\s+Running\s+sleep 100", line)
               for line in out), q.fail(f"jobs after bg: {out}; expected "
                                        f"job 1 Running sleep 100")
    s.type("fg")
    s.wait_until(lambda text: re.compile(r"^sleep 100[ &]*$", re.M)
                 .search(text, s.pos), "fg's `sleep 100`")
    s.settle()
    s.keys(["ctrl", "c"])
    s.check("echo $?", ["130"])
    _, out = s.run("jobs")
    assert not any("sleep 100" in line for line in out), q.fail(
        f"jobs still lists sleep 100 after ^C: {out}")

    s.start("cat")
    s.q.send_serial(b"meow 42\r")
    # The terminal's echo of the line, then cat's copy of it.
    s.wait_until(lambda text: text[s.pos:].split("\n")[:-1]
                 .count("meow 42") >= 2, "cat's copy of `meow 42`")
    s.keys(["ctrl", "c"])
    s.check("echo $?", ["130"])
    s.check("echo $$", [shell_pid])

    s.type("reboot")
    q.wait_for(r"^kernel: restarting$", timeout=CMD_TIMEOUT)
    status = q.wait_exit(timeout=CMD_TIMEOUT)
    assert status == 0, q.fail(f"QEMU exit status {status}, not 0")
    assert_no_kernel_trouble(q)


# Its own CPU counts, so once per make boot-tests (fixed_smp); without
# MONITOR when there are several CPUs, as conftest.py explains.
@pytest.mark.fixed_smp
@pytest.mark.parametrize("cpus", [1, 4], ids=["smp1", "smp4"])
def test_sixteen_background_jobs(esp, boot, cpus, record_property):
    """Sixteen background scripts at once, each a loop of 30 `[` runs and
    a pipeline writing its own file, all waited for: every file holds
    what its job computed, no job is left in ps, and the machine powers
    off cleanly."""
    q, s = boot_shell(boot, esp, smp=cpus,
                      cpu_features="" if cpus == 1 else ",-monitor")
    m = bootlib.find_line(q.lines, r"smp: (\d+) CPUs?\b.*")
    assert m and int(m.group(1)) == cpus, q.fail(
        f"the kernel did not start {cpus} CPU(s)")
    s.check("echo 'j=0; while [ $j -lt 30 ]; do j=$((j+1)); done; "
            "seq 1 $((100*$1)) | wc -l > /tmp/job$1' > /tmp/job.sh", [])
    jobs = range(1, 17)
    t0 = time.monotonic()
    status, out = s.run("for i in " + " ".join(map(str, jobs)) +
                        "; do sh /tmp/job.sh $i & done; wait",
                        timeout=JOBS_TIMEOUT)
    took = time.monotonic() - t0
    record_property(f"16 jobs at -smp {cpus}", f"{took:.1f} s")
    print(f"\n-smp {cpus}: 16 jobs in {took:.1f} s")
    started = [m for m in map(re.compile(r"\[\d+\] (\d+)").fullmatch, out)
               if m]
    assert status == 0 and len({m.group(1) for m in started}) == 16, q.fail(
        f"the loop: status {status}, {len(started)} `[N] PID` lines; "
        f"expected 16 jobs with their pids")
    _, out = s.run("cat " + " ".join(f"/tmp/job{i}" for i in jobs))
    got = [line.strip() for line in out]
    assert got == [str(100 * i) for i in jobs], q.fail(
        f"the jobs' files hold {got}, expected 100, 200, ... 1600")
    _, out = s.run("jobs")
    assert not any("Running" in line for line in out), q.fail(
        f"jobs after wait: {out}")
    left = [p for p in ps(s) if p.state == "Z" or
            re.search(r"job\.sh|\bseq\b|\bwc\b|^(/bin/)?\[", p.command)]
    assert not left, q.fail(f"left after wait: {left}")
    power_off(s)


def test_fork_bomb_meets_the_process_limit(esp, boot, record_property):
    """A fork bomb (`sh b.sh & sh b.sh`) under `ulimit -u 60` meets the
    limit (forks fail with EAGAIN) and ends by itself or at ^C; kill -9
    -1 (which spares the shell and init) clears what is left, and the
    shell goes on working."""
    q, s = boot_shell(boot, esp)
    s.check("echo 'sh /tmp/b.sh & sh /tmp/b.sh' > /tmp/b.sh", [])
    mark = s.mark()
    t0 = time.monotonic()
    # A subshell, so that the limit binds the bomb, not this shell.
    s.type("(ulimit -u 60; sh /tmp/b.sh)")
    ended = "by itself"
    if s.wait_prompt(BOMB_WAIT, required=False) is None:
        s.keys(["ctrl", "c"])
        s.wait_prompt()
        ended = "at ^C"
    took = time.monotonic() - t0
    record_property("fork bomb", f"ended {ended} after {took:.0f} s")
    print(f"\nthe fork bomb ended {ended} after {took:.0f} s")
    # The prompt may come back before the background shells of the bomb
    # have printed their errors: wait for one.
    s.wait_until(lambda text: "Resource temporarily unavailable" in
                 text[mark:], "a fork failing with `Resource temporarily "
                 "unavailable`", timeout=60)

    # Whatever still runs stays within the limit: 60, and ps, wc and a
    # few forks that raced the count on other CPUs.
    _, out = s.run("ps | wc -l")
    counts = [int(line) for line in out if line.strip().isdigit()]
    assert len(counts) == 1 and counts[0] - 1 <= 60 + 8, q.fail(
        f"ps | wc -l: {out}; expected at most 68 processes")

    for _ in range(5):
        s.run("kill -9 -1")
        left = [p for p in ps(s, strict=False) if "b.sh" in p.command]
        if not left:
            break
        s.settle()
    assert not left, q.fail(f"bomb processes left after kill -9 -1: {left}")
    s.check("echo alive", ["alive"])
    s.check("echo alive | cat", ["alive"])
    power_off(s)
