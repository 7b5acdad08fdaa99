/*
 * Lock-order checking for debugging kernels (DEBUG=1). Spinlocks and
 * sleeping mutexes fall into classes by name ("proc", "pmm", "vmspace",
 * "ramfs inode", ...). Each CPU keeps the spinlocks it holds, and each
 * thread the mutexes it holds, with where each was taken; taking lock B
 * while holding A records "A before B" with both places. A new pair that
 * closes a cycle of pairs learnt anywhere (B before A; or B before C
 * before A ...) is a potential deadlock even if it never hangs: it is
 * reported with the places of every pair in the cycle, and the kernel
 * panics. So is taking a mutex, which may sleep, with a spinlock held.
 * The order learnt is the order the kernel follows; spinlock.h documents
 * it.
 *
 * Not checked: spin_trylock (it never waits, so it is only recorded as
 * held); locks of one class nested in each other (two run queues, two
 * inodes); pairs of a held mutex and a spinlock (the other way round is
 * the sleep under a spinlock above). Past 64 classes, new ones are held
 * but not checked. Holding more than 16 spinlocks on a CPU, or 8 mutexes
 * in a thread, is itself reported.
 */
#pragma once

struct spinlock;
struct mutex;

#define LOCKORDER_MUTEXES	8	/* held by one thread at once */

/* A lock held: its class (-1: not checked), the lock, where taken. */
struct lockorder_held {
	int cls;
	const void *lock;
	void *site;
};

#ifdef KERNEL_DEBUG
/* l is about to be taken at site (interrupts off); trylock: it cannot
   wait, so no order is checked or learnt. */
void lockorder_acquire(struct spinlock *l, void *site, int trylock);
/* l is being released (interrupts off). */
void lockorder_release(struct spinlock *l);
/* The calling thread is about to take m at site; releasing m. */
void lockorder_mutex_acquire(struct mutex *m, void *site);
void lockorder_mutex_release(struct mutex *m);
/* While on, a report is kept (lockorder_caught) instead of panicking;
   turning it on forgets the kept report. For the self-test. */
void lockorder_catch(int on);
const char *lockorder_caught(void);
#else
static inline void lockorder_acquire(struct spinlock *l, void *site,
				     int trylock) { }
static inline void lockorder_release(struct spinlock *l) { }
static inline void lockorder_mutex_acquire(struct mutex *m, void *site) { }
static inline void lockorder_mutex_release(struct mutex *m) { }
#endif
