/* Turning the machine off and restarting it. */
#pragma once

/* Each logs what it does ("kernel: power off", "kernel: restarting",
   "kernel: system halted") and does not return. */
__attribute__((noreturn)) void power_off(void);
__attribute__((noreturn)) void power_restart(void);
__attribute__((noreturn)) void power_halt(void);

/* Ctrl-Alt-Del was pressed (from the keyboard's interrupt handler): as
   Linux, restart at once if reboot(2) left it so (LINUX_REBOOT_CMD_CAD_ON,
   the default), else send SIGINT to init, which stops every process and
   restarts (CAD_OFF, as init asks). A kernel thread does either. */
void power_ctrl_alt_del(void);
void power_set_ctrl_alt_del(int restart_at_once);

/* Start the thread that acts on Ctrl-Alt-Del. */
void power_init(void);
