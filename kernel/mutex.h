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
	const char *name;		/* its class, for lockorder.h */
	int order_class;		/* lockorder.c's class + 1, 0 not yet */
};

/* name: what kind of mutex m is ("vmspace", "ramfs inode"); all of one
   name are one class for the lock-order checks. */
void mutex_init(struct mutex *m, const char *name);
void mutex_lock(struct mutex *m);
void mutex_unlock(struct mutex *m);
/* Does the calling thread own m? */
int mutex_held(struct mutex *m);
