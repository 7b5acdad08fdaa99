/*
 * Wait queues: threads waiting for a condition that another thread (or
 * an interrupt handler) makes true. Used like a condition variable: check
 * the condition under a spinlock, and if it does not hold, waitq_wait()
 * with that lock; the waker changes the condition under the same lock and
 * calls waitq_wake_*. No wake-up is lost: the waiter is on the queue
 * before the lock is released.
 *
 *	spin_lock(&lock);
 *	while (!condition)
 *		waitq_wait(&wq, &lock);
 *	...
 *	spin_unlock(&lock);
 */
#pragma once

#include <stdint.h>

#include "list.h"
#include "spinlock.h"

struct waitq {
	struct spinlock lock;
	struct list_node waiters;	/* threads, by wait_node (lock) */
};

#define WAITQ_INIT(name) { SPINLOCK_INIT("waitq"), LIST_HEAD_INIT((name).waiters) }

void waitq_init(struct waitq *wq);

/* Sleep on wq, releasing held (if not NULL) while asleep and taking it
   again before returning. The caller holds no other lock. Wake-ups may be
   spurious: re-check the condition. */
void waitq_wait(struct waitq *wq, struct spinlock *held);

#define WAITQ_FOREVER	(~0ULL)

/* waitq_wait that also returns at deadline (time_ns; WAITQ_FOREVER for
   none): -ETIMEDOUT then, else 0. */
int waitq_wait_until(struct waitq *wq, struct spinlock *held,
		     uint64_t deadline);

/* waitq_wait_until for system calls: it also ends (-EINTR) when a
   signal is pending for the calling thread, or is sent to it while it
   sleeps. The order of checks: -EINTR, then -ETIMEDOUT, then 0. */
int waitq_wait_intr(struct waitq *wq, struct spinlock *held,
		    uint64_t deadline);

/* Wake the longest waiter / every waiter. Return how many were woken. */
int waitq_wake_one(struct waitq *wq);
int waitq_wake_all(struct waitq *wq);
