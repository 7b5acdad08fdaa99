/*
 * The scheduler: one run queue per CPU, round-robin with a time slice
 * enforced by the timer tick, and the primitives everything that blocks
 * is built on (sched_switch, sched_wake, sleep_ns).
 */
#pragma once

#include <stdint.h>

struct thread;

#define SCHED_SLICE_MS	10

/* Make the boot context a thread and give this CPU an idle thread. */
void sched_init(void);
/* On an AP: become this CPU's idle thread (already on its stack). */
void sched_init_ap(void);

/* Put a new RUNNABLE thread on a run queue. */
void sched_add(struct thread *t);

/*
 * Give up the CPU. The caller holds its own thread's lock and nothing
 * else, and has set its state (RUNNABLE to yield, SLEEPING to block, DEAD
 * to exit). Returns, with that lock released, when the thread runs again.
 */
void sched_switch(void);

/* Let other runnable threads run. */
void sched_yield(void);

/* If t is running on another CPU, interrupt it there: on its way back to
   user mode it looks at its signals. */
void sched_kick(struct thread *t);

/* Make a SLEEPING thread RUNNABLE. Returns 1 if it was asleep. */
int sched_wake(struct thread *t);
/* The same, only if it sleeps in waitq_wait_intr (a signal arrived). */
int sched_wake_interruptible(struct thread *t);

/* Also wake the calling thread (about to block) at deadline: put it on
   this CPU's sleep list; take it off again after it woke. */
void sched_add_sleeper(uint64_t deadline);
void sched_remove_sleeper(void);

/* Block the calling thread for at least ns nanoseconds. */
void sleep_ns(uint64_t ns);

/* Timer tick on this CPU: time slices, sleepers, CPU time (user: the
   tick interrupted user mode). */
void sched_tick(int user);

/* What a CPU did, in ticks (HZ), and its context switches. */
struct cpu_stat {
	uint64_t user, system, idle;
	uint64_t switches;
};
void sched_cpu_stat(int cpu, struct cpu_stat *out);

/* Threads running or queued on all CPUs (not the idle threads). */
int sched_nr_running(void);
/* The load averages over 1, 5 and 15 minutes, fixed point with
   LOAD_SHIFT bits of fraction (Linux's /proc/loadavg arithmetic). */
#define LOAD_SHIFT	11
void sched_loadavg(uint64_t avg[3]);

/* Has the tick (or a wake-up) asked this CPU to switch? */
int sched_need_resched(void);

/* On the way out of an interrupt: switch if the tick asked for it. */
void sched_preempt_check(void);

/* The first thing a new thread does (thread.c). */
void sched_finish_new(void);

/* This CPU's idle loop; never returns. */
__attribute__((noreturn)) void sched_idle(void);

/* Runnable threads queued on this CPU (not counting the running one). */
int sched_queued(void);
