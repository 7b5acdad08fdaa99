#!/usr/bin/python3
"""
Take the README's screenshot from the real system: boot esp/ (built by
`make esp`) in QEMU with an empty command line, type a short shell
session on the serial console (the framebuffer console shows the same
terminal), then save QEMU's screen as a PNG.

    ci/screenshot.py [OUTPUT.png]        (default: docs/screenshot.png)
"""
import re
import struct
import sys
import tempfile
import time
import zlib
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "boot"))
import bootlib  # noqa: E402

SESSION = [
    "uname -a",
    "ls /bin | head -n 12 | xargs echo",
    "sleep 30 &",
    "ps",
    "free -m",
    "seq 1 1000 | grep 7 | sort -rn | head -n 3",
    "for w in one two three; do echo \"$w: $(echo $w | wc -c) bytes\"; done",
    "jobs",
]


def write_png(path, width, height, rgb):
    """An 8-bit RGB PNG of the pixel rows in rgb."""
    rows = b"".join(b"\x00" + rgb[y * width * 3:(y + 1) * width * 3]
                    for y in range(height))

    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + \
            struct.pack(">I", zlib.crc32(body) & 0xffffffff)

    png = b"\x89PNG\r\n\x1a\n"
    png += chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
    png += chunk(b"IDAT", zlib.compress(rows, 9))
    png += chunk(b"IEND", b"")
    Path(path).write_bytes(png)


def main():
    out = Path(sys.argv[1] if len(sys.argv) > 1 else
               bootlib.REPO / "docs" / "screenshot.png")
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        esp = bootlib.copy_esp(tmp / "esp")
        bootlib.set_cmdline(esp, "")
        img = bootlib.make_image(esp, tmp / "disk.img")
        q = bootlib.Qemu(tmp, tmp / "screenshot.log", img, qmp=True)
        try:
            q.deadline = q.start + 300
            q.wait_for(r"^rc: ", timeout=120)
            time.sleep(1)
            for cmd in SESSION:         # the echoed line, then the output
                q.send_serial(cmd.encode() + b"\r")
                q.wait_for(re.escape(cmd) + "$", timeout=60)
                time.sleep(2)
            ppm = tmp / "screen.ppm"
            q.qmp("screendump", {"filename": str(ppm)})
            width, height, rgb = bootlib.read_ppm(ppm)
        finally:
            q.close()
    out.parent.mkdir(parents=True, exist_ok=True)
    write_png(out, width, height, rgb)
    print(f"{out}: {width}x{height}")


if __name__ == "__main__":
    main()
