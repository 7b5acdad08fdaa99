/* The console input queue: a ring buffer and a wait queue. */
#include "console.h"

#include "errno.h"
#include "proc.h"
#include "spinlock.h"
#include "waitq.h"

static struct spinlock input_lock = SPINLOCK_INIT("console input");
static struct waitq readers = WAITQ_INIT(readers);

/* Protected by input_lock: */
static char ring[CONSOLE_INPUT_SIZE];
static size_t head, tail;	/* total bytes written / read */
static unsigned long dropped;

void console_input(const char *s, size_t n)
{
	size_t i;

	spin_lock(&input_lock);
	for (i = 0; i < n; i++) {
		if (head - tail == CONSOLE_INPUT_SIZE) {
			dropped += n - i;
			break;
		}
		ring[head++ % CONSOLE_INPUT_SIZE] = s[i];
	}
	spin_unlock(&input_lock);
	waitq_wake_all(&readers);
}

long console_read(char *buf, size_t n)
{
	size_t got = 0;

	spin_lock(&input_lock);
	while (head == tail) {
		if (waitq_wait_intr(&readers, &input_lock, WAITQ_FOREVER)) {
			spin_unlock(&input_lock);
			return -ERESTARTSYS;
		}
	}
	while (got < n && tail != head)
		buf[got++] = ring[tail++ % CONSOLE_INPUT_SIZE];
	spin_unlock(&input_lock);
	return got;
}

unsigned long console_dropped(void)
{
	return dropped;
}
