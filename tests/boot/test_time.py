"""
Clocks from the boot log: the interrupt controllers found through the
MADT, the TSC and APIC timer frequencies measured against the HPET (q35
has one), and the wall-clock time read from the RTC, which QEMU runs on
the host's UTC clock (-rtc base=utc, its default).
"""
import datetime
import os
import re
import time

import bootlib

# How far the RTC may be from the host's clock. QEMU starts the RTC at
# the host's time, so only the boot's own delay separates them; a day
# would let through an hour (BCD, 12-hour mode) or time-zone bug.
RTC_SLACK = datetime.timedelta(minutes=2)


def test_clock_sources(esp, boot, record_property):
    q = boot(esp)
    q.wait_for(r"^kernel: boot complete$")
    bootlib.assert_in_order(q, [
        rf"acpi: MADT: {os.environ.get('BOOT_SMP', '1')} CPUs, 1 I/O APICs, "
        r"local APIC at fee00000",
        r"lapic: xAPIC, id 0, version \d+",
        r"ioapic: id 0 at fec00000, GSIs 0-23",
        r"time: TSC \d+\.\d{3} MHz \(from the \w+\), APIC timer "
        r"\d+\.\d{3} MHz",
        r"time: \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC from the RTC",
        r"kernel: boot complete",
    ])
    lines = q.lines

    m = bootlib.find_line(lines, r"time: TSC (\d+\.\d{3}) MHz \(from the "
                                 r"(\w+)\), APIC timer (\d+\.\d{3}) MHz")
    tsc, source, apic = float(m.group(1)), m.group(2), float(m.group(3))
    record_property("TSC", f"{tsc} MHz from the {source}")
    record_property("APIC timer", f"{apic} MHz")
    print(f"TSC {tsc} MHz from the {source}, APIC timer {apic} MHz")
    assert source == "HPET", q.fail(
        f"TSC calibrated from the {source}; q35 has an HPET")
    assert 100 <= tsc <= 10000, q.fail(
        f"TSC at {tsc} MHz: not within 100 MHz to 10 GHz")
    assert 1 <= apic <= 10000, q.fail(
        f"APIC timer at {apic} MHz: not within 1 MHz to 10 GHz")

    rtc_line = re.compile(r"time: (.{19}) UTC from the RTC")
    i = next(k for k, l in enumerate(lines) if rtc_line.fullmatch(l))
    m = rtc_line.fullmatch(lines[i])
    try:
        rtc = datetime.datetime.strptime(m.group(1), "%Y-%m-%d %H:%M:%S")
    except ValueError as e:
        raise AssertionError(q.fail(f"the RTC time is not a date: {e}"))
    rtc = rtc.replace(tzinfo=datetime.timezone.utc)
    # The host's UTC time when that line arrived.
    arrived = time.time() - (time.monotonic() - q.start - q.line_time(i))
    host = datetime.datetime.fromtimestamp(arrived, datetime.timezone.utc)
    off = (rtc - host).total_seconds()
    record_property("RTC - host UTC", f"{off:+.1f} s")
    print(f"RTC {rtc:%Y-%m-%d %H:%M:%S}, host {host:%H:%M:%S.%f}: "
          f"{off:+.1f} s")
    assert abs(off) <= RTC_SLACK.total_seconds(), q.fail(
        f"the RTC says {rtc}, the host's clock {host}: {off:+.0f} s apart "
        f"(bound: {RTC_SLACK})")
