"""
The framebuffer console shows the kernel's log: every line from
`kernel: starting` on, one text row per line from the top-left, drawn
with the kernel's PSF2 font. A QMP screendump after the poweroff
(-no-shutdown keeps the machine and its screen) is compared cell by cell
with the serial log rendered in the same font.
"""
import bootlib

FIRST = "kernel: starting"
LAST = "kernel: init exited with status 0"
PALETTE = {(0xaa, 0xaa, 0xaa), (0xff, 0x55, 0x55), (0xff, 0xff, 0x55),
           (0xff, 0xff, 0xff)}     # gray, red, yellow, white (fbcon.c)
GRAY = (0xaa, 0xaa, 0xaa)


def screen_rows(lines, cols):
    """The text rows that lines make on a console cols wide (tabs to
    multiples of 8, long lines wrapped)."""
    rows = []
    for line in lines:
        line = line.expandtabs(8)
        rows += [line[i:i + cols] for i in range(0, len(line), cols)] or [""]
    return rows


def test_framebuffer_shows_log(esp, boot, request):
    bootlib.set_cmdline(esp, "init=/bin/init /bin/hello")
    q = boot(esp, no_shutdown=True)
    q.wait_for("^" + LAST + "$")
    ppm = bootlib.LOG_DIR / f"{request.node.name}.ppm"
    w, h, pix = bootlib.screendump_after_poweroff(q, ppm)

    font = bootlib.Psf2Font(bootlib.FONT)
    assert (w, h) == (1280, 800), f"screendump is {w}x{h}, not 1280x800"
    cols, nrows = w // font.width, h // font.height
    fw, fh = font.width, font.height
    lit = [any(pix[i:i + 3]) for i in range(0, len(pix), 3)]
    nlit = sum(lit)
    assert 0 < nlit < w * h // 2, f"screen blank or flooded ({nlit} lit px)"
    colors = {tuple(pix[i * 3:i * 3 + 3]) for i in range(w * h) if lit[i]}
    assert colors <= PALETTE, f"colours outside the console's: " \
        f"{sorted(colors - PALETTE)[:5]} (see {ppm})"

    lines = q.lines
    log = lines[lines.index(FIRST):lines.index(LAST) + 1]
    rows = screen_rows(log, cols)
    if len(rows) >= nrows:          # scrolled: the last row is the cursor's
        rows = rows[-(nrows - 1):]

    def cell(r, c):
        return tuple(tuple(lit[(r * fh + y) * w + c * fw + x]
                           for x in range(fw)) for y in range(fh))

    text_cells, bad = 0, []
    blank = font.bitmap(" ")
    for r in range(nrows):
        text = rows[r] if r < len(rows) else ""
        for c in range(cols):
            got = cell(r, c)
            if c < len(text):
                text_cells += 1
                if got != font.bitmap(text[c]):
                    bad.append((r, c, text[c]))
            else:
                assert got == blank, (
                    f"row {r} col {c} should be blank (after "
                    f"{'the log' if r >= len(rows) else 'the line end'}): "
                    f"see {ppm}, serial log {q.log_path}")
    ratio = 1 - len(bad) / text_cells
    assert ratio >= 0.98, (
        f"only {ratio:.1%} of {text_cells} text cells match the serial log "
        f"rendered in {bootlib.FONT}; first mismatches (row, col, char): "
        f"{bad[:10]}; screendump {ppm}, serial log {q.log_path}")
    # Info lines are gray: most lit pixels are.
    gray = sum(1 for i in range(w * h) if lit[i]
               and tuple(pix[i * 3:i * 3 + 3]) == GRAY)
    assert gray > nlit * 0.9, f"only {gray} of {nlit} lit pixels are gray"
