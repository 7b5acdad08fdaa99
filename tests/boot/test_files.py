"""
Files from the ESP: everything under \\root (files and folders, one entry
each, empty ones included) is loaded by the loader and counted by the
kernel.
"""
import random

import bootlib


def make_tree(root):
    """A tree with nested, empty and big entries; returns (entries, bytes)."""
    rnd = random.Random(7)
    files = {
        "hello.txt": b"hello, world\n",
        "empty-file": b"",
        "big.bin": bytes(rnd.getrandbits(8) for _ in range(300 * 1024 + 123)),
        "etc/motd": b"Welcome.\n" * 100,
        "etc/deep/er/still/leaf.txt": b"leaf\n",
        "data/Mixed Case Name.dat": bytes(range(256)) * 40,
    }
    folders = ["empty-folder", "etc/deep/er/empty"]
    for path, data in files.items():
        p = root / path
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(data)
    for path in folders:
        (root / path).mkdir(parents=True)
    # Counted over the whole tree: the ESP's own programs are in it too.
    entries = sum(1 for _ in root.rglob("*"))
    size = sum(p.stat().st_size for p in root.rglob("*") if p.is_file())
    return entries, size


def test_root_files_counted(esp, boot):
    before = sum(1 for _ in (esp / "root").rglob("*"))
    had_etc = (esp / "root" / "etc").is_dir()      # the ESP's own /etc
    entries, size = make_tree(esp / "root")
    assert entries == before + 13 - had_etc     # 6 files, 7 folders
    q = boot(esp)
    q.wait_for(r"^kernel: boot complete$")
    bootlib.assert_in_order(q, [
        rf"loader: {entries} files from \\root, {size >> 10} KiB",
        r"loader: starting the kernel",
        rf"boot: kernel at [0-9a-f]+ \(\d+ KiB\), {entries} files from "
        r"the ESP",
        r"kernel: boot complete",
    ])
