"""
Firmware and machine variety: the same ESP boots to init and back to the
power-off line on i440fx (-machine pc: no MCFG, PIIX, config ports), on
q35 without an HPET (the TSC is calibrated against the PIT), with 8 CPUs,
with 8 GiB of RAM (most of it above 4 GiB), and from a virtio-blk disk.
The other boot tests cover AHCI (q35's SATA, the default) and USB
storage (test_boot.py) and 128 MiB to 4 GiB of RAM.
"""
import pytest

import bootlib

VARIANTS = {
    "i440fx": dict(machine="pc"),
    "hpet-off": dict(machine="q35,hpet=off"),
    "smp8": dict(smp=8, cpu_features=",-monitor"),
    "8G": dict(mem="8G"),
    "virtio-blk": dict(virtio=True),
}

# What each variant must show besides the normal boot.
EXPECT = {
    "i440fx": r"pci: \d+ functions, config space by port I/O",
    "hpet-off": r"time: TSC [0-9.]+ MHz \(from the PIT\).*",
    "smp8": r"smp: 8 CPUs started .*",
    "8G": r"memory: (\d+) MiB usable, .*",
    # OVMF names a virtio disk "UEFI Misc Device", at its PCI slot.
    "virtio-blk": r'BdsDxe: starting Boot\w+ "UEFI Misc Device" from '
                  r"PciRoot\(0x0\)/Pci\(0x\w+,0x0\)",
}


@pytest.mark.fixed_smp
@pytest.mark.parametrize("variant", list(VARIANTS))
def test_boots_on(esp, boot, variant):
    bootlib.set_cmdline(esp, "init=/bin/init /bin/hello")
    q = boot(esp, **VARIANTS[variant])
    q.deadline = q.start + 180
    q.wait_for(r"^kernel: boot complete$")
    q.wait_for(r"^hello, world$")
    q.wait_for(r"^kernel: init exited with status 0$")
    m = bootlib.find_line(q.lines, EXPECT[variant])
    assert m, q.fail(f"no line like {EXPECT[variant]!r}")
    if variant == "8G":
        assert int(m.group(1)) >= 7800, q.fail(
            f"{m.group(1)} MiB usable of 8192")
