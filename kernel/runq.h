/*
 * A CPU's run queue: runnable threads in FIFO order (round robin) and the
 * threads sleeping in sleep_ns by deadline. The list logic only; callers
 * (sched.c) hold rq->lock. Pure code, also built into the host tests.
 */
#pragma once

#include <stdint.h>

#include "list.h"
#include "spinlock.h"

struct thread;

struct runqueue {
	struct spinlock lock;
	/* Protected by lock: */
	struct list_node queue;		/* RUNNABLE threads, by run_node */
	int nqueued;
	struct list_node sleepers;	/* by sleep_node, earliest first */
	int need_resched;		/* switch at the next chance */
};

void runq_init(struct runqueue *rq);
/* Queue t behind every thread already queued. */
void runq_push(struct runqueue *rq, struct thread *t);
/* The thread queued longest, removed; NULL if none. */
struct thread *runq_pop(struct runqueue *rq);
/* The most recently queued thread that is not pinned, removed (for
   stealing by another CPU); NULL if none. */
struct thread *runq_take_unpinned(struct runqueue *rq);
/* Add t to the sleepers with deadline wake_at, after any equal one. */
void runq_add_sleeper(struct runqueue *rq, struct thread *t, uint64_t wake_at);
/* Take t off the sleepers if it is still there. */
void runq_remove_sleeper(struct runqueue *rq, struct thread *t);
/* Move every sleeper due by now (wake_at <= now) to the list due, in
   deadline order. Returns how many. */
int runq_pop_due(struct runqueue *rq, uint64_t now, struct list_node *due);
