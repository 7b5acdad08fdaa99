#!/usr/bin/python3
"""
bench.py: this kernel next to Linux on the same emulated machine.

    ci/bench.py [--esp DIR] [--smp N] [--mem SIZE] [--scale PERCENT]
                [--rounds N] [--out DIR]

Boots the same static user/bench binary twice on the standard bench
machine (q35, -cpu max, 512 MiB, one CPU unless --smp; KVM when it works,
else TCG), both through OVMF:

  1. this system: the ESP as a FAT disk, with init=/bin/bench;
  2. Linux: Debian's linux-image-amd64 (downloaded with apt-get into
     build/linux/ when absent), booted by OVMF from QEMU's -kernel
     (the firmware loads it as an EFI application: Linux's EFI stub, as
     a BOOTX64.EFI would be, with the command line the stub needs), with
     an initramfs holding /bin/bench and /bin/true and nothing else.

The two boots alternate for --rounds rounds (default 3) and each figure
is the best of its rounds: the host's own load moves an emulated
machine's speed by up to 2x from one minute to the next, and a slow
minute should not decide a ratio. (Run side by side, the two machines
slowed each other unevenly: Linux's pipe bandwidth fell to a fifth.)

It prints one table (Markdown) of the BENCH lines, with ratio = this
kernel's cost / Linux's cost (below 1: this kernel is faster; for rates
the inverse of the figure is the cost), and the boot times: wall seconds
from QEMU's start to bench's first line, and from the OS loader's first
line ("loader: starting"; Linux's EFI stub prints none when quiet) to
bench's first line. Serial logs and the table go to --out.
"""
import argparse
import glob
import os
import re
import select
import shutil
import struct
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
OVMF_CODE = "/usr/share/OVMF/OVMF_CODE_4M.fd"
OVMF_VARS = "/usr/share/OVMF/OVMF_VARS_4M.fd"
LINUX_PACKAGE = "linux-image-amd64"
RUN_TIMEOUT = 900                       # seconds for one boot and run

# Units whose figure is a rate (bigger is better): the cost is 1/value.
RATE_UNITS = {"MB/s", "per_s", "x"}

_ANSI = re.compile(r"\x1b\[[0-9;=?]*[ -/]*[@-~]|\x1b[@-Z\\-_]")


def log(msg):
    print(f"bench: {msg}", file=sys.stderr, flush=True)


# ------------------------------------------------------------ Linux

def fetch_linux(dest):
    """Debian's current kernel image as dest/vmlinuz (with dest/version);
    downloaded and unpacked only when absent."""
    vmlinuz = dest / "vmlinuz"
    if vmlinuz.exists():
        return vmlinuz, (dest / "version").read_text().strip()
    dest.mkdir(parents=True, exist_ok=True)
    # The metapackage depends on the versioned image package.
    deps = subprocess.run(["apt-cache", "depends", LINUX_PACKAGE],
                          capture_output=True, text=True, check=True).stdout
    m = re.search(r"Depends: (linux-image-\S+)", deps)
    if not m:
        raise SystemExit(f"bench: apt-cache knows no {LINUX_PACKAGE} "
                         "(run apt-get update)")
    package = m.group(1)
    log(f"downloading {package}")
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["apt-get", "download", "-q",
                        "-o", "APT::Sandbox::User=root", package],
                       cwd=tmp, check=True)
        deb, = glob.glob(f"{tmp}/*.deb")
        subprocess.run(["dpkg-deb", "-x", deb, f"{tmp}/x"], check=True)
        image, = glob.glob(f"{tmp}/x/boot/vmlinuz-*")
        shutil.copyfile(image, vmlinuz)
        version = Path(image).name[len("vmlinuz-"):]
        version += " (" + Path(deb).name.split("_")[1] + ")"
        (dest / "version").write_text(version + "\n")
    return vmlinuz, version


def cpio_entry(name, mode, data=b"", rdev=(0, 0)):
    """One "newc" cpio member."""
    fields = [0, mode, 0, 0, 1, 0, len(data), 0, 0, rdev[0], rdev[1],
              len(name) + 1, 0]
    head = b"070701" + b"".join(b"%08X" % f for f in fields)
    head += name.encode() + b"\0"
    head += b"\0" * (-len(head) % 4)
    return head + data + b"\0" * (-len(data) % 4)


def make_initramfs(path, programs):
    """An initramfs holding /dev/console and programs ({path: file})."""
    out = cpio_entry("dev", 0o40755) + cpio_entry("bin", 0o40755)
    out += cpio_entry("dev/console", 0o20600, rdev=(5, 1))
    for name, src in programs.items():
        out += cpio_entry(name, 0o100755, Path(src).read_bytes())
    out += cpio_entry("TRAILER!!!", 0)
    Path(path).write_bytes(out)


# ------------------------------------------------------------ QEMU runs

def accel(build):
    r = subprocess.run([str(REPO / "ci" / "qemu-accel.sh"),
                        str(build / "qemu-accel")],
                       capture_output=True, text=True)
    return "kvm" if r.stdout.strip() == "kvm" else "tcg"


def run_qemu(args, log_path, machine, workdir):
    """Run QEMU on the machine with args added; return [(seconds from
    the start, line)] up to bench's last line, QEMU's end or the
    timeout. The serial log goes to log_path."""
    vars_fd = Path(workdir) / "OVMF_VARS.fd"
    shutil.copyfile(OVMF_VARS, vars_fd)
    cmd = ["qemu-system-x86_64", "-accel", machine["accel"],
           "-machine", "q35", "-cpu", machine["cpu"], "-m", machine["mem"],
           "-smp", str(machine["smp"]), "-nic", "none",
           "-display", "none", "-monitor", "none", "-serial", "stdio",
           "-no-reboot",
           "-drive", f"if=pflash,format=raw,readonly=on,file={OVMF_CODE}",
           "-drive", f"if=pflash,format=raw,file={vars_fd}"] + args
    lines, partial, finished = [], b"", False
    start = time.monotonic()
    with open(log_path, "w") as logf:
        logf.write("# " + " ".join(cmd) + "\n")
        q = subprocess.Popen(cmd, stdin=subprocess.DEVNULL,
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        try:
            while not finished and time.monotonic() - start < RUN_TIMEOUT:
                ready, _, _ = select.select([q.stdout], [], [], 1.0)
                if not ready:
                    continue
                data = os.read(q.stdout.fileno(), 65536)
                if not data:
                    break
                now = time.monotonic() - start
                partial += data
                *done, partial = partial.split(b"\n")
                for raw in done:
                    text = _ANSI.sub("", raw.decode("utf-8", "replace"))
                    text = text.replace("\r", "")
                    lines.append((now, text))
                    logf.write(f"[{now:8.3f}] {text}\n")
                    finished |= bool(re.match(r"bench: (done|\d+ failed)",
                                              text))
        finally:
            q.kill()
            q.wait()
    return lines


def this_kernel(esp, scale, machine, log_path):
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "esp"
        shutil.copytree(esp, copy)
        (copy / "boot" / "cmdline").write_text(
            f"init=/bin/bench -s {scale}\n")
        img = Path(tmp) / "disk.img"
        subprocess.run([str(REPO / "ci" / "mkimage.sh"), str(copy),
                        str(img)], check=True)
        return run_qemu(["-drive", f"format=raw,file={img}"], log_path,
                        machine, tmp)


def linux(vmlinuz, esp, scale, machine, log_path):
    with tempfile.TemporaryDirectory() as tmp:
        initrd = Path(tmp) / "initramfs.cpio"
        make_initramfs(initrd, {
            "bin/bench": esp / "root" / "bin" / "bench",
            "bin/true": esp / "root" / "bin" / "true"})
        # Not "-- -s N": OVMF appends initrd=... to the command line,
        # which would then be an argument of bench.
        append = (f"console=ttyS0 quiet panic=-1 rdinit=/bin/bench "
                  f"BENCH_SCALE={scale}")
        return run_qemu(["-kernel", str(vmlinuz), "-initrd", str(initrd),
                         "-append", append], log_path, machine, tmp)


# ------------------------------------------------------------ results

def results(lines):
    """{name: (value, unit)} from BENCH lines, plus the boot times: from
    QEMU's start and from the loader's start to bench's first line."""
    figures = {}
    for _, text in lines:
        m = re.match(r"BENCH (\S+) (\S+) (\S+)$", text)
        if m:
            figures[m.group(1)] = (float(m.group(2)), m.group(3))
    first = next((t for t, text in lines if text.startswith("bench: ")),
                 None)
    loader = next((t for t, text in lines
                   if text.startswith("loader: starting")), None)
    return figures, first, \
        first - loader if first is not None and loader is not None else None


def best(runs):
    """The best of several results() of one kernel: per figure the lowest
    cost (highest rate), the shortest boot times."""
    figures, first, loader = {}, None, None
    for f, t, l in runs:
        for name, (value, unit) in f.items():
            old = figures.get(name)
            if (not old or (value > old[0] if unit in RATE_UNITS
                            else value < old[0])):
                figures[name] = (value, unit)
        first = t if first is None or (t is not None and t < first) else first
        loader = l if loader is None or (l is not None and l < loader) \
            else loader
    return figures, first, loader


def ratio(name, ours, theirs):
    (a, unit), (b, _) = ours, theirs
    if unit in RATE_UNITS:
        a, b = b, a                     # cost is the inverse of a rate
    return a / b if b else float("inf")


def table(ours, theirs, boots):
    rows = ["| benchmark | unit | this kernel | Linux | ratio |",
            "|---|---|---:|---:|---:|"]
    for name in list(dict.fromkeys(list(ours) + list(theirs))):
        a, b = ours.get(name), theirs.get(name)
        unit = (a or b)[1]
        fa = f"{a[0]:.2f}" if a else "failed"
        fb = f"{b[0]:.2f}" if b else "failed"
        r = f"{ratio(name, a, b):.2f}" if a and b else "-"
        rows.append(f"| {name} | {unit} | {fa} | {fb} | {r} |")
    for label, a, b in boots:
        fa = f"{a:.2f}" if a is not None else "-"
        fb = f"{b:.2f}" if b is not None else "-"
        r = f"{a / b:.2f}" if a and b else "-"
        rows.append(f"| {label} | s | {fa} | {fb} | {r} |")
    return "\n".join(rows)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[1])
    ap.add_argument("--esp", default=str(REPO / "esp"))
    ap.add_argument("--smp", type=int, default=1)
    ap.add_argument("--mem", default="512M")
    ap.add_argument("--scale", type=int, default=100)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--out", default=str(REPO / "build" / "bench"))
    opt = ap.parse_args()
    esp, out = Path(opt.esp), Path(opt.out)
    out.mkdir(parents=True, exist_ok=True)
    build = REPO / "build"

    vmlinuz, version = fetch_linux(build / "linux")
    a = accel(build)
    machine = {"accel": a, "cpu": "host" if a == "kvm" else "max",
               "mem": opt.mem, "smp": opt.smp}
    if opt.smp > 1:
        machine["cpu"] += ",-monitor"   # see tests/boot/conftest.py
    ours_runs, theirs_runs = [], []
    for r in range(opt.rounds):
        log(f"round {r + 1}: this kernel: {a}, q35, {opt.mem}, "
            f"{opt.smp} CPU(s)")
        ours_runs.append(results(this_kernel(
            esp, opt.scale, machine, out / f"this-kernel-{r + 1}.log")))
        log(f"round {r + 1}: Linux {version}")
        theirs_runs.append(results(linux(
            vmlinuz, esp, opt.scale, machine, out / f"linux-{r + 1}.log")))
    ours, first_a, loader_a = best(ours_runs)
    theirs, first_b, loader_b = best(theirs_runs)
    boots = [("boot: QEMU start to init's first line", first_a, first_b),
             ("boot: loader start to init's first line", loader_a,
              loader_b)]
    text = (f"{time.strftime('%Y-%m-%d')}, QEMU {qemu_version()} ({a}), "
            f"-machine q35 -cpu {machine['cpu']} -m {opt.mem} "
            f"-smp {opt.smp}, OVMF; Linux {version}; "
            f"bench -s {opt.scale}, best of {opt.rounds} rounds\n\n" +
            table(ours, theirs, boots) + "\n")
    (out / "table.md").write_text(text)
    print(text)
    missing = not ours or not theirs or first_a is None or first_b is None
    return 1 if missing else 0


def qemu_version():
    r = subprocess.run(["qemu-system-x86_64", "--version"],
                       capture_output=True, text=True)
    m = re.search(r"version (\S+)", r.stdout)
    return m.group(1) if m else "?"


if __name__ == "__main__":
    sys.exit(main())
