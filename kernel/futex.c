/*
 * Futexes (Linux's futex(2)): threads sleep on a 32-bit user word and are
 * woken by its address. A waiter's key says where the word lives: in a
 * shared mapping, the memory object and the offset in it (so processes
 * sharing the page meet); otherwise, or with FUTEX_PRIVATE_FLAG, the
 * address space and the address.
 *
 * Waiters hang on FUTEX_BUCKETS hashed lists, each with its lock. The
 * waiter compares the word with the value it expects under its bucket's
 * lock, and a waker changes the word before it takes that lock, so no
 * wake-up is lost. That read must not sleep: it is made with page faults
 * off, and a page that is not there is faulted in with the lock dropped,
 * then the whole check is made again. Each waiter sleeps on a wait queue
 * of its own, so a waker wakes exactly the waiters it picks.
 */
#include "futex.h"

#include "errno.h"
#include "list.h"
#include "proc.h"
#include "signal.h"
#include "spinlock.h"
#include "syscall.h"
#include "thread.h"
#include "time.h"
#include "uaccess.h"
#include "vmspace.h"
#include "waitq.h"

#define FUTEX_BUCKETS	256

struct futex_key {
	const void *space;		/* the vmspace, or a shared object */
	uint64_t where;			/* the address, or the offset in it */
};

struct bucket {
	struct spinlock lock;
	struct list_node waiters;	/* struct futex_waiter, by node */
};

/* On the waiting thread's stack. The fields but wq are protected by
   the lock of the bucket it is on. */
struct futex_waiter {
	struct list_node node;
	struct futex_key key;
	uint32_t bitset;
	struct bucket *bucket;		/* changed by requeue (both locks) */
	int woken;
	struct waitq wq;		/* only this waiter sleeps here */
};

static struct bucket buckets[FUTEX_BUCKETS];

void futex_init(void)
{
	int i;

	for (i = 0; i < FUTEX_BUCKETS; i++) {
		spin_init(&buckets[i].lock, "futex");
		list_init(&buckets[i].waiters);
	}
}

static struct bucket *bucket_of(const struct futex_key *k)
{
	uint64_t h = (uint64_t)(uintptr_t)k->space ^ (k->where >> 2);

	h ^= h >> 29;
	h *= 0x9e3779b97f4a7c15ull;
	return &buckets[(h >> 32) % FUTEX_BUCKETS];
}

static int same_key(const struct futex_key *a, const struct futex_key *b)
{
	return a->space == b->space && a->where == b->where;
}

static int get_key(uaddr_t uaddr, int private, struct futex_key *k)
{
	struct vmspace *vs = proc_current()->vm;

	if (uaddr % 4)
		return -EINVAL;
	if (!user_range_ok(uaddr, 4))
		return -EFAULT;
	if (private) {
		k->space = vs;
		k->where = uaddr;
		return 0;
	}
	return vm_futex_key(vs, uaddr, &k->space, &k->where);
}

/* The keys and buckets of two words (requeue, wake_op). */
static int get_pair(uaddr_t uaddr, uaddr_t uaddr2, int private,
		    struct futex_key *k1, struct futex_key *k2,
		    struct bucket **b1, struct bucket **b2)
{
	int err;

	if ((err = get_key(uaddr, private, k1)) ||
	    (err = get_key(uaddr2, private, k2)))
		return err;
	*b1 = bucket_of(k1);
	*b2 = bucket_of(k2);
	return 0;
}

/* Lock two buckets (the same one once), in address order. */
static void lock_pair(struct bucket *a, struct bucket *b)
{
	if (a == b) {
		spin_lock(&a->lock);
	} else if (a < b) {
		spin_lock(&a->lock);
		spin_lock(&b->lock);
	} else {
		spin_lock(&b->lock);
		spin_lock(&a->lock);
	}
}

static void unlock_pair(struct bucket *a, struct bucket *b)
{
	spin_unlock(&a->lock);
	if (a != b)
		spin_unlock(&b->lock);
}

/* Read the word at uaddr with its bucket(s) locked; -EAGAIN after the
   caller must drop them and fault the page in, -EFAULT if it is bad. */
static int read_locked(uaddr_t uaddr, uint32_t *val)
{
	if (copy_from_user_nofault(val, uaddr, sizeof(*val)) == 0)
		return 0;
	return -EAGAIN;
}

/* Fault in the word at uaddr (for writing if write): 0 or -EFAULT. */
static int fault_in(uaddr_t uaddr, int write)
{
	uint32_t v;

	if (write)
		return cmpxchg_user(uaddr, 0, 0, 0) < 0 ? -EFAULT : 0;
	return copy_from_user(&v, uaddr, sizeof(v));
}

/* The bucket w is on, locked; held is the one locked now. */
static struct bucket *relock(struct futex_waiter *w, struct bucket *held)
{
	struct bucket *b;

	for (;;) {
		b = __atomic_load_n(&w->bucket, __ATOMIC_ACQUIRE);
		if (b == held)
			return b;
		spin_unlock(&held->lock);
		spin_lock(&b->lock);
		held = b;
	}
}

static long futex_wait(uaddr_t uaddr, int private, uint32_t val,
		       uint32_t bitset, uint64_t deadline)
{
	struct futex_waiter w;
	struct bucket *b;
	uint32_t cur;
	int err;

	if (!bitset)
		return -EINVAL;
	if ((err = get_key(uaddr, private, &w.key)))
		return err;
	w.bitset = bitset;
	w.woken = 0;
	waitq_init(&w.wq);
	b = bucket_of(&w.key);
	for (;;) {
		spin_lock(&b->lock);
		if (read_locked(uaddr, &cur) == 0)
			break;
		spin_unlock(&b->lock);
		if (fault_in(uaddr, 0))
			return -EFAULT;
	}
	if (cur != val) {
		spin_unlock(&b->lock);
		return -EAGAIN;
	}
	w.bucket = b;
	list_add_tail(&b->waiters, &w.node);
	for (;;) {
		err = waitq_wait_intr(&w.wq, &b->lock, deadline);
		b = relock(&w, b);
		if (w.woken || err)
			break;
	}
	if (!w.woken)
		list_remove(&w.node);
	spin_unlock(&b->lock);
	if (w.woken)
		return 0;		/* woken wins over a signal or timeout */
	if (err == -EINTR)		/* restarted under SA_RESTART */
		return deadline == WAITQ_FOREVER ? -ERESTARTSYS : -EINTR;
	return err;
}

/* Wake up to nr waiters on k (bucket locked) whose bitset meets bitset. */
static int wake_locked(struct bucket *b, const struct futex_key *k, int nr,
		       uint32_t bitset)
{
	struct list_node *pos, *next;
	int woken = 0;

	for (pos = b->waiters.next; pos != &b->waiters && woken < nr;
	     pos = next) {
		struct futex_waiter *w = list_entry(pos, struct futex_waiter,
						    node);

		next = pos->next;
		if (!same_key(&w->key, k) || !(w->bitset & bitset))
			continue;
		list_remove(&w->node);
		w->woken = 1;
		waitq_wake_all(&w->wq);	/* w is gone once b is unlocked */
		woken++;
	}
	return woken;
}

static long futex_wake(uaddr_t uaddr, int private, int nr, uint32_t bitset)
{
	struct futex_key k;
	struct bucket *b;
	int err, woken;

	if (!bitset)
		return -EINVAL;
	if ((err = get_key(uaddr, private, &k)))
		return err;
	b = bucket_of(&k);
	spin_lock(&b->lock);
	woken = wake_locked(b, &k, nr, bitset);
	spin_unlock(&b->lock);
	return woken;
}

long futex_wake_addr(uaddr_t uaddr, int nr)
{
	return futex_wake(uaddr, 0, nr, FUTEX_BITSET_MATCH_ANY);
}

#define ROBUST_LIST_LIMIT	2048		/* Linux's */

/* A robust futex at uaddr held by the exiting thread tid: mark its owner
   dead and wake a waiter, as Linux's handle_futex_death. */
static void futex_owner_died(uint64_t uaddr, int tid)
{
	uint32_t val, new;

	if (uaddr & 3)
		return;
	if (copy_from_user(&val, uaddr, sizeof(val)))
		return;
	for (;;) {
		long found;

		if ((val & FUTEX_TID_MASK) != (uint32_t)tid)
			return;
		new = (val & FUTEX_WAITERS) | FUTEX_OWNER_DIED;
		if ((found = cmpxchg_user(uaddr, val, new, 0)) < 0)
			return;
		if ((uint32_t)found == val)
			break;
		val = (uint32_t)found;	/* changed meanwhile: again */
	}
	if (val & FUTEX_WAITERS)
		futex_wake_addr(uaddr, 1);
}

void futex_exit_robust_list(uint64_t list, int tid)
{
	uint64_t head[3], entry, pending;
	int64_t offset;
	int n = 0;

	if (!list || copy_from_user(head, list, sizeof(head)))
		return;
	entry = head[0];
	offset = (int64_t)head[1];
	pending = head[2] & ~1UL;
	while (entry != list && n++ < ROBUST_LIST_LIMIT) {
		uint64_t next, e = entry & ~1UL;	/* bit 0: a PI futex */

		if (copy_from_user(&next, e, sizeof(next)))
			return;
		if (e != pending)
			futex_owner_died(e + offset, tid);
		entry = next;
	}
	if (pending)
		futex_owner_died(pending + offset, tid);
}

/* Wake nr_wake waiters on uaddr, move up to nr_requeue more to uaddr2;
   with cmp, only if the word at uaddr is still cmpval. Returns how many
   were woken or moved. */
static long futex_requeue(uaddr_t uaddr, uaddr_t uaddr2, int private,
			  int nr_wake, int nr_requeue, int cmp, uint32_t cmpval)
{
	struct futex_key k1, k2;
	struct list_node *pos, *next;
	struct bucket *b1, *b2;
	int err, done, moved = 0;
	uint32_t cur;

	if (nr_wake < 0 || nr_requeue < 0)
		return -EINVAL;
	if ((err = get_pair(uaddr, uaddr2, private, &k1, &k2, &b1, &b2)))
		return err;
	for (;;) {
		lock_pair(b1, b2);
		if (!cmp || read_locked(uaddr, &cur) == 0)
			break;
		unlock_pair(b1, b2);
		if (fault_in(uaddr, 0))
			return -EFAULT;
	}
	if (cmp && cur != cmpval) {
		unlock_pair(b1, b2);
		return -EAGAIN;
	}
	done = wake_locked(b1, &k1, nr_wake, FUTEX_BITSET_MATCH_ANY);
	for (pos = b1->waiters.next; pos != &b1->waiters && moved < nr_requeue;
	     pos = next) {
		struct futex_waiter *w = list_entry(pos, struct futex_waiter,
						    node);

		next = pos->next;
		if (!same_key(&w->key, &k1))
			continue;
		w->key = k2;
		if (b2 != b1) {		/* else it stays: seen once */
			list_remove(&w->node);
			list_add_tail(&b2->waiters, &w->node);
			__atomic_store_n(&w->bucket, b2, __ATOMIC_RELEASE);
		}
		moved++;
	}
	unlock_pair(b1, b2);
	return done + moved;
}

/* FUTEX_WAKE_OP's operation on oldval, and its comparison. */
static int wake_op_apply(uint32_t op, uint32_t old, uint32_t *new)
{
	int32_t oparg = (int32_t)(op << 8) >> 20;	/* bits 12-23, signed */

	if ((op >> 28) & FUTEX_OP_OPARG_SHIFT)	/* 1 << 31 is INT_MIN */
		oparg = (int32_t)(1u << (oparg & 31));
	switch ((op >> 28) & 7) {
	case FUTEX_OP_SET:  *new = oparg; break;
	case FUTEX_OP_ADD:  *new = old + oparg; break;
	case FUTEX_OP_OR:   *new = old | oparg; break;
	case FUTEX_OP_ANDN: *new = old & ~oparg; break;
	case FUTEX_OP_XOR:  *new = old ^ oparg; break;
	default:
		return -ENOSYS;
	}
	return 0;
}

static int wake_op_cmp(uint32_t op, uint32_t old)
{
	int32_t cmparg = (int32_t)(op << 20) >> 20;	/* bits 0-11, signed */
	int32_t v = (int32_t)old;

	switch ((op >> 24) & 15) {
	case FUTEX_OP_CMP_EQ: return v == cmparg;
	case FUTEX_OP_CMP_NE: return v != cmparg;
	case FUTEX_OP_CMP_LT: return v < cmparg;
	case FUTEX_OP_CMP_LE: return v <= cmparg;
	case FUTEX_OP_CMP_GT: return v > cmparg;
	case FUTEX_OP_CMP_GE: return v >= cmparg;
	default:
		return -ENOSYS;
	}
}

/* Apply op to the word at uaddr2 atomically, wake nr waiters on uaddr and,
   if the word's old value passes op's comparison, nr2 on uaddr2. */
static long futex_wake_op(uaddr_t uaddr, uaddr_t uaddr2, int private,
			  int nr, int nr2, uint32_t op)
{
	struct futex_key k1, k2;
	struct bucket *b1, *b2;
	uint32_t old = 0, new;
	long found;
	int err, woken;

	if (wake_op_apply(op, 0, &new) || wake_op_cmp(op, 0) < 0)
		return -ENOSYS;
	if ((err = get_pair(uaddr, uaddr2, private, &k1, &k2, &b1, &b2)))
		return err;
	for (;;) {
		lock_pair(b1, b2);
		found = copy_from_user_nofault(&old, uaddr2, sizeof(old));
		while (found == 0) {		/* the atomic update */
			wake_op_apply(op, old, &new);
			found = cmpxchg_user(uaddr2, old, new, 1);
			if (found == (long)old)
				break;
			if (found >= 0) {
				old = (uint32_t)found;
				found = 0;
			}
		}
		if (found >= 0)
			break;
		unlock_pair(b1, b2);
		if (fault_in(uaddr2, 1))
			return -EFAULT;
	}
	woken = wake_locked(b1, &k1, nr, FUTEX_BITSET_MATCH_ANY);
	if (wake_op_cmp(op, old))
		woken += wake_locked(b2, &k2, nr2, FUTEX_BITSET_MATCH_ANY);
	unlock_pair(b1, b2);
	return woken;
}

long sys_futex(uaddr_t uaddr, int op, uint32_t val, uaddr_t timeout,
	       uaddr_t uaddr2, uint32_t val3)
{
	int cmd = op & FUTEX_CMD_MASK, private = op & FUTEX_PRIVATE_FLAG;
	int realtime = op & FUTEX_CLOCK_REALTIME;
	uint64_t deadline = WAITQ_FOREVER;
	long err;

	if (realtime && cmd != FUTEX_WAIT && cmd != FUTEX_WAIT_BITSET)
		return -ENOSYS;
	switch (cmd) {
	case FUTEX_WAIT:
	case FUTEX_WAIT_BITSET:
		/* FUTEX_WAIT: a relative timeout; WAIT_BITSET: absolute. */
		if (timeout && (err = time_deadline_from_user(
				timeout, realtime, cmd == FUTEX_WAIT_BITSET,
				&deadline)))
			return err;
		return futex_wait(uaddr, private, val, cmd == FUTEX_WAIT ?
				  FUTEX_BITSET_MATCH_ANY : val3, deadline);
	case FUTEX_WAKE:
	case FUTEX_WAKE_BITSET:
		return futex_wake(uaddr, private, (int)val, cmd == FUTEX_WAKE ?
				  FUTEX_BITSET_MATCH_ANY : val3);
	case FUTEX_REQUEUE:
	case FUTEX_CMP_REQUEUE:
		/* The timeout argument carries nr_requeue. */
		return futex_requeue(uaddr, uaddr2, private, (int)val,
				     (int)timeout, cmd == FUTEX_CMP_REQUEUE, val3);
	case FUTEX_WAKE_OP:
		return futex_wake_op(uaddr, uaddr2, private, (int)val,
				     (int)timeout, val3);
	default:
		return -ENOSYS;		/* the priority-inheritance family */
	}
}
