"""
ANSI escape sequences on the framebuffer console: /bin/ansitest clears
the screen, writes red text, positions the cursor, erases a line's end
and sets a background colour; a screendump after the poweroff is checked
cell by cell against the font.
"""
import pytest

import bootlib

RED = (0xaa, 0x00, 0x00)
GRAY = (0xaa, 0xaa, 0xaa)
BLUE = (0x00, 0x00, 0xaa)
BLACK = (0, 0, 0)


@pytest.mark.fixed_smp
def test_ansi_escapes(esp, boot, request):
    bootlib.set_cmdline(esp, "init=/bin/init /bin/ansitest")
    q = boot(esp, no_shutdown=True)
    q.wait_for(r"^kernel: init exited with status 0$")
    ppm = bootlib.LOG_DIR / f"{request.node.name}.ppm"
    w, h, pix = bootlib.screendump_after_poweroff(q, ppm)

    font = bootlib.Psf2Font(bootlib.FONT)
    fw, fh = font.width, font.height

    def cell(r, c):
        """(lit bitmap, set of lit colours, set of unlit colours)."""
        bits, fg, bg = [], set(), set()
        for y in range(fh):
            row = []
            for x in range(fw):
                i = ((r * fh + y) * w + c * fw + x) * 3
                px = tuple(pix[i:i + 3])
                on = px not in (BLACK, BLUE)
                row.append(on)
                (fg if on else bg).add(px)
            bits.append(tuple(row))
        return tuple(bits), fg, bg

    def expect(r, c, ch, fg=None, bg=BLACK):
        bits, fgs, bgs = cell(r, c)
        assert bits == font.bitmap(ch), \
            f"row {r} col {c}: not {ch!r} (see {ppm}, log {q.log_path})"
        if fg and ch != " ":
            assert fgs == {fg}, f"row {r} col {c}: colours {fgs}, want {fg}"
        assert bgs <= {bg}, f"row {r} col {c}: background {bgs}, want {bg}"

    for c, ch in enumerate("RED"):
        expect(0, c, ch, RED)
    for c, ch in enumerate(" plain"):
        expect(0, 3 + c, ch, GRAY)
    expect(0, 9, " ")
    for c in range(40):              # the boot log was cleared
        expect(1, c, " ")
    for c, ch in enumerate("line3"):
        expect(2, c, ch, GRAY)
    for c in range(5, 20):           # "garbage" erased to the line's end
        expect(2, c, " ")
    for c in range(9):
        expect(4, c, " ")
    expect(4, 9, "X", GRAY)
    expect(4, 10, " ")
    expect(6, 0, "B", GRAY, BLUE)
    expect(6, 1, "G", GRAY, BLUE)
    expect(6, 2, " ")
