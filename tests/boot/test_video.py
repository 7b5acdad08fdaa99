"""
video=WIDTHxHEIGHT on the command line: the loader sets that GOP mode
when the firmware has it (OVMF's QEMU video driver offers 640x480 to
1920x1200 and more), and the console fills the screen it gets; an
unknown size or a malformed option keeps a mode the loader chooses.
"""
import pytest

import bootlib


@pytest.mark.fixed_smp
@pytest.mark.parametrize("size", ["800x600", "1920x1080"])
def test_video_mode_chosen(esp, boot, size, request):
    bootlib.set_cmdline(esp, f"video={size} init=/bin/init /bin/hello")
    q = boot(esp, no_shutdown=True)
    w, h = (int(v) for v in size.split("x"))
    q.wait_for(rf"^loader: framebuffer {w}x{h}, pitch (\d+) bytes, "
               r"at [0-9a-f]+$")
    q.wait_for(r"^kernel: init exited with status 0$")
    ppm = bootlib.LOG_DIR / f"{request.node.name}.ppm"
    sw, sh, pix = bootlib.screendump_after_poweroff(q, ppm)
    assert (sw, sh) == (w, h), f"the screen is {sw}x{sh}"
    rows = bootlib.screen_text(sw, sh, pix, bootlib.Psf2Font(bootlib.FONT))
    assert "hello, world" in rows, "\n".join(rows)


@pytest.mark.fixed_smp
@pytest.mark.parametrize("option,message", [
    ("video=1234x567", "loader: no 1234x567 linear video mode; choosing one"),
    ("video=big", "loader: video= wants WIDTHxHEIGHT; ignored"),
])
def test_video_option_refused(esp, boot, option, message):
    bootlib.set_cmdline(esp, f"{option} init=/bin/init /bin/hello")
    q = boot(esp)
    q.wait_for("^" + message + "$")
    q.wait_for(r"^loader: framebuffer 1280x800, .*$")
    q.wait_for(r"^kernel: init exited with status 0$")
