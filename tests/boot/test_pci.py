"""
PCI: the kernel finds the functions through the ECAM window of ACPI's MCFG
on q35, and through the 0xcf8/0xcfc ports on i440fx (-machine pc, which
has no MCFG); /proc/pci and /proc/bus/pci/devices list them. The "pci"
self-test drives QEMU's edu device (-device edu) through its BAR and
takes its interrupts as MSI: raised three times, then on finishing a
factorial.
"""
import pytest

import bootlib

DEVICES = ["-device", "edu", "-device", "qemu-xhci"]


@pytest.mark.fixed_smp
@pytest.mark.parametrize("machine,access", [("q35", "ECAM"),
                                            ("pc", "port I/O")])
def test_pci_enumeration_and_msi(esp, boot, machine, access):
    bootlib.set_cmdline(esp, "selftest=pci")
    q = boot(esp, machine=machine, extra=DEVICES)
    m = q.wait_for(r"^pci: (\d+) functions, config space by (.*)$")
    assert m.group(2) == access, q.fail(f"config space by {m.group(2)}")
    q.wait_for(r"^selftest: pci: PASS edu at .*MSI vector \d+: "
               r"4 interrupts, 10! = 3628800$")
    q.wait_for(r"^selftest: 1 passed, 0 failed$")


@pytest.mark.fixed_smp
def test_proc_pci_lists_devices(esp, boot):
    (esp / "root" / "etc" / "pci.sh").write_text(
        "cat /proc/pci\n"
        "echo devices: $(wc -l < /proc/bus/pci/devices)\n")
    bootlib.set_cmdline(esp, "init=/bin/sh /etc/pci.sh")
    q = boot(esp, extra=DEVICES)
    q.wait_for(r"^kernel: init exited with status 0$")
    m = bootlib.find_line(q.lines, r"pci: (\d+) functions, .*")
    n = int(m.group(1))
    lines = [l for l in q.lines if l[:2] == "00" and l[2] == ":"]
    assert len(lines) == n, q.fail(f"{len(lines)} lines in /proc/pci, "
                                   f"{n} functions found")
    assert bootlib.find_line(q.lines, rf"^devices: {n}$"), \
        q.fail("/proc/bus/pci/devices has another count")
    # Whole lines (find_line).
    for pattern in [r"00:00\.0 Host bridge \[0600\]: 8086:29c0 \(rev 00\)",
                    r"00:1f\.2 SATA controller \[0106\]: 8086:2922 .* MSI "
                    r"bar4=io:[0-9a-f]+\+20 bar5=mem:[0-9a-f]+\+1000",
                    r"\S+ USB controller \(xHCI\) \[0c03\]: 1b36:000d "
                    r".* MSI-X bar0=mem:[0-9a-f]+\+4000",
                    r"\S+ Unclassified device \[00ff\]: 1234:11e8 .* MSI "
                    r"bar0=mem:[0-9a-f]+\+100000"]:
        assert bootlib.find_line(q.lines, pattern), q.fail(
            f"no line like {pattern} in /proc/pci")
