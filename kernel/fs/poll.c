/* One notification channel for every poller (see poll.h). */
#include "poll.h"

#include "../errno.h"
#include "../proc.h"
#include "../spinlock.h"
#include "../waitq.h"

static struct spinlock poll_lock = SPINLOCK_INIT("poll");
static struct waitq pollers = WAITQ_INIT(pollers);
static uint64_t generation;		/* poll_lock */

void poll_notify(void)
{
	spin_lock(&poll_lock);
	generation++;
	spin_unlock(&poll_lock);
	waitq_wake_all(&pollers);
}

uint64_t poll_generation(void)
{
	uint64_t g;

	spin_lock(&poll_lock);
	g = generation;
	spin_unlock(&poll_lock);
	return g;
}

int poll_wait(uint64_t gen, uint64_t deadline)
{
	int err = 0;

	spin_lock(&poll_lock);
	while (generation == gen && !err) {
		err = waitq_wait_intr(&pollers, &poll_lock, deadline);
	}
	spin_unlock(&poll_lock);
	return err;
}
