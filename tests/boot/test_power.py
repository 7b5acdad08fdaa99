"""
Ctrl-Alt-Del on the keyboard. As on Linux: with the default set by
reboot(2) (CAD on) the kernel restarts at once; /bin/init turns it off
(RB_DISABLE_CAD), so the kernel sends init SIGINT and init stops every
process (SIGTERM, then SIGKILL) before it asks for the restart. QEMU runs
with -no-reboot, so a restart ends it with status 0.
"""
import time

import pytest

import bootlib


def ctrl_alt_del(q):
    q.send_keys(["ctrl", "alt", "delete"])


@pytest.mark.fixed_smp
def test_ctrl_alt_del_stops_processes_then_restarts(esp, boot):
    q = boot(esp)
    q.wait_for(r"^rc: system ready.*$")
    time.sleep(1)                       # init is waiting on the shell
    ctrl_alt_del(q)
    q.wait_for(r"^kernel: restarting$", timeout=60)
    # The first may follow the shell's prompt on its line.
    bootlib.assert_in_order(q, [r".*kernel: Ctrl-Alt-Del",
                                r"init: stopping all processes",
                                r"kernel: restarting"])
    assert q.wait_exit(timeout=60) == 0, q.fail("QEMU did not exit 0")


@pytest.mark.fixed_smp
def test_ctrl_alt_del_restarts_at_once_by_default(esp, boot):
    # Init is sleep here, which never turns Ctrl-Alt-Del off.
    bootlib.set_cmdline(esp, "init=/bin/sleep 1000")
    q = boot(esp)
    q.wait_for(r"^kernel: boot complete$")
    time.sleep(1)
    ctrl_alt_del(q)
    q.wait_for(r"^kernel: Ctrl-Alt-Del$", timeout=60)
    q.wait_for(r"^kernel: restarting$", timeout=60)
    assert q.wait_exit(timeout=60) == 0, q.fail("QEMU did not exit 0")
