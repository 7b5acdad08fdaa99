"""
ci/usb.sh (make usb DEV=...): it writes an image to a stick only if the
device is a whole, removable, unmounted disk large enough for it, and only
after the answer "yes". Run against a fake /sys and /proc/mounts with a
regular file as the "device" (USB_TEST=1); nothing here boots.
"""
import os
import subprocess

import pytest

import bootlib

pytestmark = pytest.mark.fixed_smp      # no boot: once per make test

USB = str(bootlib.REPO / "ci" / "usb.sh")
IMAGE = bytes(range(256)) * 64          # 16 KiB


@pytest.fixture
def stick(tmp_path):
    """A fake removable disk "sdz" of 1 MiB, unmounted."""
    blk = tmp_path / "sys" / "block" / "sdz"
    (blk / "device").mkdir(parents=True)
    (blk / "removable").write_text("1\n")
    (blk / "size").write_text(f"{1024 * 1024 // 512}\n")
    (blk / "device" / "vendor").write_text("Test    \n")
    (blk / "device" / "model").write_text("Stick\n")
    mounts = tmp_path / "mounts"
    mounts.write_text("/dev/sda1 / ext4 rw 0 0\n")
    dev = tmp_path / "sdz"
    dev.write_bytes(b"\xee" * 1024 * 1024)
    img = tmp_path / "disk.img"
    img.write_bytes(IMAGE)
    return {"blk": blk, "mounts": mounts, "dev": dev, "img": img,
            "sys": tmp_path / "sys"}


def run(stick, answer="yes\n", dev=None):
    env = dict(os.environ, USB_SYSFS=str(stick["sys"]),
               USB_MOUNTS=str(stick["mounts"]), USB_TEST="1")
    return subprocess.run([USB, str(dev or stick["dev"]), str(stick["img"])],
                          input=answer, capture_output=True, text=True,
                          env=env)


def untouched(stick):
    return stick["dev"].read_bytes()[:len(IMAGE)] == b"\xee" * len(IMAGE)


def test_writes_after_yes(stick):
    r = run(stick)
    assert r.returncode == 0, r.stderr
    assert "Test Stick" in r.stdout and "1 MB, removable" in r.stdout
    data = stick["dev"].read_bytes()
    assert data[:len(IMAGE)] == IMAGE
    assert len(data) == 1024 * 1024     # the rest of the disk stays


@pytest.mark.parametrize("answer", ["no\n", "y\n", "", "YES\n"])
def test_anything_but_yes_writes_nothing(stick, answer):
    r = run(stick, answer)
    assert r.returncode == 1 and "not confirmed" in r.stderr
    assert untouched(stick)


def test_refuses_a_fixed_disk(stick):
    (stick["blk"] / "removable").write_text("0\n")
    r = run(stick)
    assert r.returncode == 1 and "not a removable disk" in r.stderr
    assert untouched(stick)


def test_refuses_a_mounted_stick(stick):
    stick["mounts"].write_text(f"{stick['dev']}1 /media/x vfat rw 0 0\n")
    r = run(stick)
    assert r.returncode == 1 and "is mounted" in r.stderr
    assert "/media/x" in r.stderr
    assert untouched(stick)


def test_refuses_a_small_stick(stick):
    (stick["blk"] / "size").write_text("8\n")     # 4 KiB
    r = run(stick)
    assert r.returncode == 1 and "the image needs" in r.stderr
    assert untouched(stick)


def test_refuses_a_partition_or_a_non_device(stick, tmp_path):
    part = tmp_path / "sdz1"
    part.write_bytes(b"\xee" * 4096)
    r = run(stick, dev=part)
    assert r.returncode == 1 and "not a whole disk" in r.stderr
    env = dict(os.environ, USB_SYSFS=str(stick["sys"]),
               USB_MOUNTS=str(stick["mounts"]))
    r = subprocess.run([USB, str(stick["dev"]), str(stick["img"])],
                       input="yes\n", capture_output=True, text=True, env=env)
    assert r.returncode == 1 and "not a block device" in r.stderr
    assert untouched(stick)
