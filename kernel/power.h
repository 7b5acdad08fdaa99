/* Turning the machine off and restarting it. */
#pragma once

/* Each logs what it does ("kernel: power off", "kernel: restarting",
   "kernel: system halted") and does not return. */
__attribute__((noreturn)) void power_off(void);
__attribute__((noreturn)) void power_restart(void);
__attribute__((noreturn)) void power_halt(void);
