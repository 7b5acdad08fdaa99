"""
A USB keyboard on an xHCI controller (qemu-xhci and usb-kbd), the only
keyboard most PCs have. The keyboard is bound to the display (usb-kbd's
display= property) and keys go through QMP's input-send-event to that
display, which hands them to the bound device alone, not to the PS/2
keyboard. The shell must see them: it runs a command whose output
differs from the line typed. Also: caps lock and its LED (read back from
QEMU), the typematic repeat, a keyboard behind a hub, and unplugging and
plugging back on a controller without MSI (polled).
"""
import re
import time

import pytest

import bootlib

XHCI = ("-vga", "none", "-device", "VGA,id=video0",
        "-device", "qemu-xhci,id=xhci")
KBD = ("-device", "usb-kbd,bus=xhci.0,id=kbd0,display=video0")
HUB = ("-device", "usb-hub,bus=xhci.0,port=2,id=hub0",
       "-device", "usb-kbd,bus=xhci.0,port=2.3,id=kbd1,display=video0")
SCREEN = "video0"

SHIFTED = {"$": "4", "+": "equal", "(": "9", ")": "0", "*": "8", "_": "minus",
           "A": "a", "B": "b", "C": "c"}
PLAIN = {" ": "spc", "-": "minus", "=": "equal", "/": "slash",
         ".": "dot", "\n": "ret", "'": "apostrophe", ";": "semicolon"}


def key_event(key, down):
    return {"type": "key",
            "data": {"down": down, "key": {"type": "qcode", "data": key}}}


def press(q, device, keys, hold=0.03):
    """Press a chord on one input device and release it."""
    q.qmp("input-send-event", {"device": device,
                               "events": [key_event(k, True) for k in keys]})
    time.sleep(hold)
    q.qmp("input-send-event", {"device": device,
                               "events": [key_event(k, False)
                                          for k in reversed(keys)]})
    # usb-kbd queues 16 changes at most; one report per interval.
    time.sleep(0.04)


def type_text(q, device, text):
    for ch in text:
        if ch in SHIFTED:
            press(q, device, ["shift", SHIFTED[ch]])
        elif ch in PLAIN:
            press(q, device, [PLAIN[ch]])
        else:
            press(q, device, [ch])


def boot_shell(boot, esp, extra, xhci=XHCI):
    q = boot(esp, extra=xhci + extra)
    q.wait_for(r"^rc: system ready.*$")
    q.wait_for(r"^.*usbkbd: keyboard [0-9a-f]{4}:[0-9a-f]{4} on slot \d+$")
    time.sleep(0.5)
    return q


# The LEDs as QEMU shows them: usb-kbd hands the LED report it gets to
# the display, and the VNC server (on a socket nobody connects to) traces
# each change (trace event vnc_key_guest_leds, into a -D log file).
def led_watch(tmp_path):
    log = tmp_path / "leds.log"
    return log, ("-vnc", f"unix:{tmp_path / 'vnc.sock'}",
                 "-trace", "vnc_key_guest_leds", "-D", str(log))


def caps_led(log):
    """The caps lock LED's states in the order QEMU traced them."""
    text = log.read_text(errors="replace") if log.exists() else ""
    return [int(c) for c in re.findall(r"vnc_key_guest_leds caps (\d)", text)]


def wait_caps_led(q, log, state, timeout=10):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        seen = caps_led(log)
        if seen and seen[-1] == state:
            return seen
        time.sleep(0.1)
    raise AssertionError(q.fail(f"the caps lock LED did not turn "
                                f"{'on' if state else 'off'} within "
                                f"{timeout} s (QEMU traced {caps_led(log)})"))


@pytest.mark.fixed_smp
def test_usb_keyboard_types_into_the_shell(esp, boot, tmp_path):
    leds, watch = led_watch(tmp_path)
    q = boot_shell(boot, esp, KBD + watch)
    assert bootlib.find_line(q.lines, r".*xhci0: \d+ ports, \d+ slots, .*MSI"), \
        q.fail("the xHCI controller did not start with MSI")
    type_text(q, SCREEN, "echo usb$((6*7))\n")
    q.wait_for(r"^usb42$", timeout=30)

    # Caps lock: upper case without shift, and back; the LED follows.
    type_text(q, SCREEN, "echo ")
    press(q, SCREEN, ["caps_lock"])
    wait_caps_led(q, leds, 1)
    type_text(q, SCREEN, "abc")
    press(q, SCREEN, ["caps_lock"])
    wait_caps_led(q, leds, 0)
    type_text(q, SCREEN, "-def\n")
    q.wait_for(r"^ABC-def$", timeout=30)
    assert not bootlib.find_line(q.lines, r".*usbkbd: setting the LEDs.*"), \
        q.fail("the keyboard refused the caps lock LED")

    # Typematic: x held 1.5 s repeats after 0.5 s, 30 a second; y
    # tapped once does not.
    type_text(q, SCREEN, "echo ")
    q.qmp("input-send-event", {"device": SCREEN,
                               "events": [key_event("x", True)]})
    time.sleep(1.5)
    q.qmp("input-send-event", {"device": SCREEN,
                               "events": [key_event("x", False)]})
    time.sleep(0.1)
    type_text(q, SCREEN, "y\n")
    m = q.wait_for(r"^(x+)y$", timeout=30)
    n = len(m.group(1))
    print(f"\nx held 1.5 s: {n} characters")
    assert 5 <= n <= 60, q.fail(f"{n} x's from a 1.5 s hold")


@pytest.mark.fixed_smp
def test_usb_keyboard_behind_a_hub(esp, boot):
    q = boot_shell(boot, esp, HUB)
    assert bootlib.find_line(q.lines, r".*usbhub: 8-port hub on slot \d+"), \
        q.fail("the hub was not set up")
    type_text(q, SCREEN, "echo hub$((40+2))\n")
    q.wait_for(r"^hub42$", timeout=30)


@pytest.mark.fixed_smp
def test_usb_keyboard_unplugged_and_plugged_back(esp, boot):
    # On another controller model (NEC), without MSI or MSI-X: the event
    # ring is polled.
    q = boot_shell(boot, esp, KBD, xhci=XHCI[:-1] +
                   ("nec-usb-xhci,id=xhci,msi=off,msix=off",))
    assert bootlib.find_line(
        q.lines, r".*xhci0: no MSI; the event ring is polled at 100 Hz"), \
        q.fail("the controller without MSI was not polled")
    slot = re.search(r"on slot (\d+)", q.text).group(1)
    q.qmp("device_del", {"id": "kbd0"})
    q.wait_for(rf"^.*usb: slot {slot} \([0-9a-f:]+\) detached$", timeout=30)
    q.qmp("device_add", {"driver": "usb-kbd", "bus": "xhci.0",
                         "id": "kbd2", "display": SCREEN})
    q.wait_lines(r"^.*usbkbd: keyboard [0-9a-f]{4}:[0-9a-f]{4} on slot \d+$",
                 2, timeout=30)
    time.sleep(0.5)
    type_text(q, SCREEN, "echo back$((1+1))\n")
    q.wait_for(r"^back2$", timeout=30)
