/*
 * Sleeping mutexes: for long critical sections in thread context (never
 * in interrupt handlers). A thread waiting for one sleeps instead of
 * spinning. Not recursive.
 */
#pragma once

#include "spinlock.h"
#include "waitq.h"

struct thread;

struct mutex {
	struct spinlock lock;
	/* Protected by lock: */
	struct thread *owner;		/* NULL when free */
	struct waitq wq;
};

void mutex_init(struct mutex *m);
void mutex_lock(struct mutex *m);
void mutex_unlock(struct mutex *m);
/* Does the calling thread own m? */
int mutex_held(struct mutex *m);
