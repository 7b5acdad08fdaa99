/*
 * The signal state a thread carries (thread.h), apart from signal.h so
 * that thread.h does not pull in the signal numbers (the host tests
 * build thread users against the C library's <signal.h>).
 */
#pragma once

#include <stdint.h>

#include "list.h"

/* Signals waiting for delivery: a set, and the siginfo of each. */
struct sigpending {
	uint64_t set;
	struct list_node queue;		/* struct sigqueue, oldest first */
};

struct stack_user {		/* stack_t */
	uint64_t sp;
	int32_t flags;
	int32_t pad;
	uint64_t size;
};
