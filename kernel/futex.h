/* Futexes: Linux's futex(2) (see futex.c). */
#pragma once

#include <stdint.h>

#define FUTEX_WAIT		0
#define FUTEX_WAKE		1
#define FUTEX_REQUEUE		3
#define FUTEX_CMP_REQUEUE	4
#define FUTEX_WAKE_OP		5
#define FUTEX_WAIT_BITSET	9
#define FUTEX_WAKE_BITSET	10
#define FUTEX_PRIVATE_FLAG	128
#define FUTEX_CLOCK_REALTIME	256
#define FUTEX_CMD_MASK		(~(FUTEX_PRIVATE_FLAG | FUTEX_CLOCK_REALTIME))
#define FUTEX_BITSET_MATCH_ANY	0xffffffffu

/* A robust futex word: the owner's tid and two flags. */
#define FUTEX_WAITERS		0x80000000u
#define FUTEX_OWNER_DIED	0x40000000u
#define FUTEX_TID_MASK		0x3fffffffu

/* FUTEX_WAKE_OP's encoded operation: op << 28 | cmp << 24 | oparg << 12
   | cmparg, the arguments 12-bit signed. */
#define FUTEX_OP_SET		0
#define FUTEX_OP_ADD		1
#define FUTEX_OP_OR		2
#define FUTEX_OP_ANDN		3
#define FUTEX_OP_XOR		4
#define FUTEX_OP_OPARG_SHIFT	8	/* with op: oparg is 1 << oparg */
#define FUTEX_OP_CMP_EQ		0
#define FUTEX_OP_CMP_NE		1
#define FUTEX_OP_CMP_LT		2
#define FUTEX_OP_CMP_LE		3
#define FUTEX_OP_CMP_GT		4
#define FUTEX_OP_CMP_GE		5

/* Wake up to nr waiters on the user word at uaddr (of the calling
   thread's space), as FUTEX_WAKE without the private flag: a thread's
   exit (clear_child_tid, robust futexes). Returns how many, or -errno. */
long futex_wake_addr(uint64_t uaddr, int nr);

/* A thread tid exits: walk its robust list at user address list
   (set_robust_list's struct robust_list_head { next; long futex_offset;
   list_op_pending; }, each entry a lock's list node at futex_offset
   before its word), marking every futex it still holds FUTEX_OWNER_DIED
   and waking a waiter, as Linux's exit_robust_list. At most 2048
   entries; a bad address ends the walk. */
void futex_exit_robust_list(uint64_t list, int tid);

/* Set up the hash buckets (boot). */
void futex_init(void);
