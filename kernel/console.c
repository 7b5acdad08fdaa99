/* The console input queue: a ring buffer and a wait queue. */
#include "console.h"

#include "errno.h"
#include "fbcon.h"
#include "fs/file.h"
#include "log.h"
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
		if (proc_interrupted()) {
			spin_unlock(&input_lock);
			return -EINTR;
		}
		waitq_wait(&readers, &input_lock);
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

/* The console as a file: reads from the input queue, writes to every
   console output. (The TTY line discipline comes later.) */

#define IO_CHUNK	512
#define TIOCGWINSZ	0x5413
#define DEFAULT_ROWS	25
#define DEFAULT_COLS	80

struct winsize {
	uint16_t ws_row, ws_col, ws_xpixel, ws_ypixel;
};

static long con_read(struct file *f, uaddr_t buf, size_t count)
{
	char chunk[IO_CHUNK];
	long n;

	if (count == 0)
		return 0;
	if (!user_range_ok(buf, count))
		return -EFAULT;
	n = console_read(chunk, count < IO_CHUNK ? count : IO_CHUNK);
	if (n < 0)
		return n;
	return copy_to_user(buf, chunk, n) ? -EFAULT : n;
}

static long con_write(struct file *f, uaddr_t buf, size_t count)
{
	char chunk[IO_CHUNK];
	size_t done = 0;

	while (done < count) {
		size_t n = count - done < IO_CHUNK ? count - done : IO_CHUNK;

		if (copy_from_user(chunk, buf + done, n))
			return done ? (long)done : -EFAULT;
		log_console_write(chunk, n);
		done += n;
	}
	return done;
}

static long con_ioctl(struct file *f, unsigned long cmd, uaddr_t arg)
{
	struct winsize ws = { 0 };
	int rows, cols;

	if (cmd != TIOCGWINSZ)
		return -ENOTTY;
	fbcon_size(&rows, &cols);
	ws.ws_row = rows ? rows : DEFAULT_ROWS;
	ws.ws_col = cols ? cols : DEFAULT_COLS;
	return copy_to_user(arg, &ws, sizeof(ws)) ? -EFAULT : 0;
}

const struct file_ops console_file_ops = {
	.read = con_read,
	.write = con_write,
	.ioctl = con_ioctl,
};

struct file *console_open(unsigned int flags)
{
	return file_alloc(&console_file_ops, NULL, flags);
}
