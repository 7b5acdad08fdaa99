/*
 * File system calls on the console. Until the VFS and descriptor tables
 * exist, descriptors 0, 1 and 2 are the console and nothing else is
 * open.
 */
#include "console.h"
#include "errno.h"
#include "fbcon.h"
#include "log.h"
#include "proc.h"
#include "syscall.h"

#define CHUNK		512
#define IOV_MAX		1024
#define TIOCGWINSZ	0x5413
#define DEFAULT_ROWS	25
#define DEFAULT_COLS	80

struct iovec_user {
	uint64_t base;
	uint64_t len;
};

struct winsize {
	uint16_t ws_row, ws_col, ws_xpixel, ws_ypixel;
};

static int is_console(int fd)
{
	return fd >= 0 && fd <= 2;
}

/* Write count bytes from user memory to the console. */
static long console_write_user(uaddr_t buf, size_t count)
{
	char chunk[CHUNK];
	size_t done = 0;

	while (done < count) {
		size_t n = count - done < CHUNK ? count - done : CHUNK;

		if (copy_from_user(chunk, buf + done, n))
			return done ? (long)done : -EFAULT;
		log_console_write(chunk, n);
		done += n;
	}
	return done;
}

long sys_write(int fd, uaddr_t buf, size_t count)
{
	if (!is_console(fd))
		return -EBADF;
	if (count > 0x7ffff000)
		count = 0x7ffff000;	/* Linux's MAX_RW_COUNT */
	return console_write_user(buf, count);
}

long sys_writev(int fd, uaddr_t iov, int iovcnt)
{
	struct iovec_user v;
	long total = 0, n;
	int i;

	if (!is_console(fd))
		return -EBADF;
	if (iovcnt < 0 || iovcnt > IOV_MAX)
		return -EINVAL;
	for (i = 0; i < iovcnt; i++) {
		if (copy_from_user(&v, iov + i * sizeof(v), sizeof(v)))
			return total ? total : -EFAULT;
		if ((int64_t)v.len < 0)
			return -EINVAL;
		n = console_write_user(v.base, v.len);
		if (n < 0)
			return total ? total : n;
		total += n;
	}
	return total;
}

long sys_read(int fd, uaddr_t buf, size_t count)
{
	char chunk[CHUNK];
	long n;

	if (!is_console(fd))
		return -EBADF;
	if (count == 0)
		return 0;
	if (!user_range_ok(buf, count))
		return -EFAULT;
	n = console_read(chunk, count < CHUNK ? count : CHUNK);
	if (n < 0)
		return n;
	if (copy_to_user(buf, chunk, n))
		return -EFAULT;
	return n;
}

long sys_ioctl(int fd, unsigned long cmd, uaddr_t arg)
{
	struct winsize ws = { 0 };
	int rows, cols;

	if (!is_console(fd))
		return -EBADF;
	if (cmd != TIOCGWINSZ)
		return -ENOTTY;
	fbcon_size(&rows, &cols);
	ws.ws_row = rows ? rows : DEFAULT_ROWS;
	ws.ws_col = cols ? cols : DEFAULT_COLS;
	return copy_to_user(arg, &ws, sizeof(ws)) ? -EFAULT : 0;
}
