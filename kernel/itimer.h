/*
 * ITIMER_REAL: a per-process timer that sends SIGALRM (alarm,
 * setitimer). One kernel thread sleeps until the earliest expiry on a
 * list of armed processes sorted by deadline, sends the signals, and
 * re-arms periodic timers. Timers survive execve, not fork.
 */
#pragma once

#include <stdint.h>

struct proc;

/* Start the timer thread (boot). */
void itimer_init(void);

/* Arm p's timer to fire in value ns (0: disarm), then every interval ns
   (0: once). The previous setting goes to *old_value and *old_interval
   (time left, ns). */
void itimer_set(struct proc *p, uint64_t value, uint64_t interval,
		uint64_t *old_value, uint64_t *old_interval);

/* p's timer: time left and interval, ns. */
void itimer_get(struct proc *p, uint64_t *value, uint64_t *interval);

/* Disarm p's timer (exit). */
void itimer_exit(struct proc *p);
