/*
 * Starting the other CPUs (application processors) that the MADT lists,
 * and stopping them when the kernel panics.
 */
#pragma once

#include "../../../shared/bootinfo.h"

/* Start every enabled CPU of the MADT through INIT-SIPI-SIPI; a CPU that
   does not come up within a second is reported and left out. map is the
   memory map (the trampoline needs a free page below 1 MiB). */
void smp_init(const struct bootinfo_mem_range *map, int n);

/* CPUs running the scheduler. */
int smp_online(void);

/* Stop every other CPU (NMI) for a panic. */
void smp_stop_others(void);
