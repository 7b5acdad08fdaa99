/*
 * The console terminal. A kernel thread takes raw input from the console
 * queue (serial port and keyboard) and runs it through the line
 * discipline: in canonical mode it edits a line (erase, kill, word
 * erase, end of file) and hands it to readers at newline; in raw mode
 * every byte goes through. ISIG turns ^C, ^\ and ^Z into signals to the
 * foreground process group. Echo and output go to every console.
 * Words: the "line" is what is being edited; "ready" is what readers may
 * take.
 */
#include "tty.h"

#include "console.h"
#include "errno.h"
#include "fbcon.h"
#include "fs/file.h"
#include "fs/poll.h"
#include "fs/vfs.h"
#include "log.h"
#include "mutex.h"
#include "proc.h"
#include "signal.h"
#include "string.h"
#include "thread.h"
#include "waitq.h"

#define LINE_MAX	4096
#define READY_SIZE	8192
#define IO_CHUNK	512

/* termios bits (Linux). */
#define ICRNL	0000400
#define IXON	0002000
#define OPOST	0000001
#define ONLCR	0000004
#define ISIG	0000001
#define ICANON	0000002
#define ECHO	0000010
#define ECHOE	0000020
#define ECHOK	0000040
#define ECHOCTL	0001000
#define IEXTEN	0100000
#define TOSTOP	0000400
#define CS8	0000060
#define CREAD	0000200
#define B38400	0000017
#define VINTR	0
#define VQUIT	1
#define VERASE	2
#define VKILL	3
#define VEOF	4
#define VTIME	5
#define VMIN	6
#define VSUSP	10
#define VWERASE	14
#define NCCS	19

#define TCGETS		0x5401
#define TCSETS		0x5402
#define TCSETSW		0x5403
#define TCSETSF		0x5404
#define TIOCSCTTY	0x540e
#define TIOCGPGRP	0x540f
#define TIOCSPGRP	0x5410
#define TIOCGWINSZ	0x5413
#define TIOCSWINSZ	0x5414
#define FIONREAD	0x541b
#define TIOCNOTTY	0x5422
#define TIOCGSID	0x5429

struct termios_k {			/* Linux's struct termios (kernel) */
	uint32_t c_iflag, c_oflag, c_cflag, c_lflag;
	uint8_t c_line;
	uint8_t c_cc[NCCS];
};

struct winsize {
	uint16_t ws_row, ws_col, ws_xpixel, ws_ypixel;
};

static struct spinlock tty_lock = SPINLOCK_INIT("tty");
static struct waitq readers = WAITQ_INIT(readers);

/* Protected by tty_lock: */
static struct termios_k term;
static struct winsize ws;
static char line[LINE_MAX];
static size_t linelen;
static char ready[READY_SIZE];
static uint64_t rhead, rtail;		/* bytes ever made ready / read */
static uint64_t eof_at = ~0ULL;		/* a ^D ends the read at rhead */
static int fg_pgrp, session;
static struct mutex out_lock;		/* file_ops.write_lock */

static void set_defaults(void)
{
	static const uint8_t cc[NCCS] = {
		[VINTR] = 3, [VQUIT] = 28, [VERASE] = 127, [VKILL] = 21,
		[VEOF] = 4, [VTIME] = 0, [VMIN] = 1, [VSUSP] = 26,
		[VWERASE] = 23,
	};
	int rows, cols;

	term.c_iflag = ICRNL | IXON;
	term.c_oflag = OPOST | ONLCR;
	term.c_cflag = B38400 | CS8 | CREAD;
	term.c_lflag = ISIG | ICANON | ECHO | ECHOE | ECHOK | ECHOCTL | IEXTEN;
	memcpy(term.c_cc, cc, sizeof(cc));
	fbcon_size(&rows, &cols);
	ws.ws_row = rows ? rows : 25;
	ws.ws_col = cols ? cols : 80;
}

static void echo(const char *s, size_t n)
{
	if (term.c_lflag & ECHO)
		log_console_write(s, n);
}

static void make_ready(const char *s, size_t n)
{
	while (n-- && rhead - rtail < READY_SIZE)
		ready[rhead++ % READY_SIZE] = *s++;
}

/* Erase one character of the line on the screen and in the buffer. */
static void erase_one(void)
{
	if (linelen == 0)
		return;
	linelen--;
	if (term.c_lflag & ECHOE)
		echo("\b \b", 3);
}

/* One input byte, in canonical mode. */
static void canonical(char c)
{
	const uint8_t *cc = term.c_cc;

	if ((uint8_t)c == cc[VERASE] || c == '\b') {
		erase_one();
	} else if ((uint8_t)c == cc[VKILL]) {
		while (linelen)
			erase_one();
	} else if ((uint8_t)c == cc[VWERASE]) {
		while (linelen && line[linelen - 1] == ' ')
			erase_one();
		while (linelen && line[linelen - 1] != ' ')
			erase_one();
	} else if ((uint8_t)c == cc[VEOF]) {
		make_ready(line, linelen);	/* no newline: read ends here */
		linelen = 0;
		eof_at = rhead;
	} else if (c == '\n') {
		echo("\n", 1);
		make_ready(line, linelen);
		make_ready("\n", 1);
		linelen = 0;
	} else if (linelen < LINE_MAX - 1) {
		line[linelen++] = c;
		if ((unsigned char)c < 0x20 && (term.c_lflag & ECHOCTL)) {
			char ctl[2] = { '^', c + '@' };

			echo(ctl, 2);
		} else {
			echo(&c, 1);
		}
	}
}

/* Process input bytes; returns the signal ISIG asks for, or 0. */
static int process(const char *s, size_t n)
{
	int sig = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		char c = s[i];

		if (c == '\r' && (term.c_iflag & ICRNL))
			c = '\n';
		if (term.c_lflag & ISIG) {
			int s2 = (uint8_t)c == term.c_cc[VINTR] ? SIGINT :
				 (uint8_t)c == term.c_cc[VQUIT] ? SIGQUIT :
				 (uint8_t)c == term.c_cc[VSUSP] ? SIGTSTP : 0;

			if (s2) {
				char ctl[3] = { '^', c + '@', '\n' };

				echo(ctl, 3);
				linelen = 0;	/* the line is flushed */
				sig = s2;
				continue;
			}
		}
		if (term.c_lflag & ICANON) {
			canonical(c);
		} else {
			make_ready(&c, 1);
			echo(&c, 1);
		}
	}
	return sig;
}

static void tty_thread(void *arg)
{
	char buf[IO_CHUNK];
	long n;
	int sig, pgrp;

	for (;;) {
		n = console_read(buf, sizeof(buf));
		if (n <= 0)
			continue;
		spin_lock(&tty_lock);
		sig = process(buf, n);
		pgrp = fg_pgrp;
		spin_unlock(&tty_lock);
		waitq_wake_all(&readers);
		poll_notify();
		if (sig && pgrp > 0) {
			struct ksiginfo info;

			memset(&info, 0, sizeof(info));
			info.code = SI_KERNEL;
			proc_kill(-pgrp, sig, &info);
		}
	}
}

void tty_start(void)
{
	mutex_init(&out_lock, "tty output");
	set_defaults();
	if (!thread_create("tty", tty_thread, 0))
		klog(LOG_ERR, "tty: cannot start the input thread\n");
}

/*
 * Job control (POSIX 11.1.4): a process of the terminal's session that is
 * not in the foreground group and reads, writes with TOSTOP set, or
 * changes the terminal gets sig (SIGTTIN, SIGTTOU) sent to its group and
 * -ERESTARTSYS, so that it stops and retries when continued. Returns 0
 * when the access may go on, or -EIO: an orphaned group, or a read with
 * SIGTTIN ignored or blocked. A write or change with SIGTTOU ignored or
 * blocked goes on.
 */
static int job_check(int sig)
{
	struct proc *p = proc_current();
	struct ksiginfo info;
	int sid, pgrp;

	if (!p)
		return 0;
	tty_owner(&sid, &pgrp);
	if (!sid || p->sid != sid || !pgrp || p->pgid == pgrp)
		return 0;
	if (signal_ignored_or_blocked(sig))
		return sig == SIGTTIN ? -EIO : 0;
	if (proc_pgrp_orphaned(p))
		return -EIO;
	memset(&info, 0, sizeof(info));
	info.code = SI_KERNEL;
	proc_kill(-p->pgid, sig, &info);
	return -ERESTARTSYS;
}

/* Bytes a read may take now: in canonical mode only whole lines (or up
   to a ^D). */
static size_t readable(void)
{
	uint64_t i, end = rhead;

	if (!(term.c_lflag & ICANON))
		return rhead - rtail;
	if (eof_at != ~0ULL && eof_at >= rtail)
		end = eof_at;
	for (i = rtail; i < end; i++)
		if (ready[i % READY_SIZE] == '\n')
			return i + 1 - rtail;	/* a whole line first */
	return end < rhead || eof_at == end ? end - rtail : 0;
}

static long tty_read(struct file *f, struct iobuf *buf, size_t n)
{
	char chunk[IO_CHUNK];
	size_t k = 0, avail;
	int err;

	if (n == 0)
		return 0;
	if ((err = job_check(SIGTTIN)))
		return err;
	spin_lock(&tty_lock);
	while ((avail = readable()) == 0 &&
	       !(eof_at != ~0ULL && eof_at == rtail && (term.c_lflag & ICANON)) &&
	       !(!(term.c_lflag & ICANON) && term.c_cc[VMIN] == 0)) {
		if (f->flags & O_NONBLOCK) {
			spin_unlock(&tty_lock);
			return -EAGAIN;
		}
		if (waitq_wait_intr(&readers, &tty_lock, WAITQ_FOREVER)) {
			spin_unlock(&tty_lock);
			return -ERESTARTSYS;
		}
	}
	if (eof_at == rtail && avail == 0)
		eof_at = ~0ULL;		/* ^D on an empty line: end of file */
	while (k < n && k < sizeof(chunk) && avail--)
		chunk[k++] = ready[rtail++ % READY_SIZE];
	if (eof_at != ~0ULL && eof_at == rtail && k)
		eof_at = ~0ULL;		/* the ^D-ended line is consumed */
	spin_unlock(&tty_lock);
	return iobuf_copy_to(buf, 0, chunk, k) ? -EFAULT : (long)k;
}

static long tty_write(struct file *f, struct iobuf *buf, size_t count)
{
	char chunk[IO_CHUNK];
	size_t done = 0;
	int err;

	if ((term.c_lflag & TOSTOP) && (err = job_check(SIGTTOU)))
		return err;
	while (done < count) {
		size_t n = count - done < IO_CHUNK ? count - done : IO_CHUNK;

		if (iobuf_copy_from(chunk, buf, done, n))
			return done ? (long)done : -EFAULT;
		log_console_write(chunk, n);
		done += n;
	}
	return done;
}

static long tty_ioctl(struct file *f, unsigned long cmd, uaddr_t arg)
{
	struct termios_k t;
	struct proc *p = proc_current();
	int v, err = 0;

	switch (cmd) {
	case TCGETS:
		spin_lock(&tty_lock);
		t = term;
		spin_unlock(&tty_lock);
		return copy_to_user(arg, &t, sizeof(t)) ? -EFAULT : 0;
	case TCSETS:
	case TCSETSW:
	case TCSETSF:
		if ((err = job_check(SIGTTOU)))
			return err;
		if (copy_from_user(&t, arg, sizeof(t)))
			return -EFAULT;
		spin_lock(&tty_lock);
		if (cmd == TCSETSF) {		/* flush pending input */
			rtail = rhead;
			linelen = 0;
			eof_at = ~0ULL;
		}
		/* Leaving canonical mode: a line being typed becomes input
		   to read (as Linux's n_tty), not lost. */
		if ((term.c_lflag & ICANON) && !(t.c_lflag & ICANON) &&
		    linelen) {
			make_ready(line, linelen);
			linelen = 0;
		}
		term = t;
		spin_unlock(&tty_lock);
		waitq_wake_all(&readers);
		return 0;
	case TIOCGWINSZ:
		return copy_to_user(arg, &ws, sizeof(ws)) ? -EFAULT : 0;
	case TIOCSWINSZ:
		return copy_from_user(&ws, arg, sizeof(ws)) ? -EFAULT : 0;
	case TIOCGPGRP:
		v = fg_pgrp;
		return copy_to_user(arg, &v, sizeof(v)) ? -EFAULT : 0;
	case TIOCSPGRP:
		if (copy_from_user(&v, arg, sizeof(v)))
			return -EFAULT;
		if (v <= 0)
			return -EINVAL;
		if (session && p && p->sid != session)
			return -ENOTTY;
		if ((err = job_check(SIGTTOU)))
			return err;
		if ((err = proc_pgrp_check(v, p ? p->sid : session)))
			return err;
		spin_lock(&tty_lock);
		fg_pgrp = v;
		spin_unlock(&tty_lock);
		return 0;
	case TIOCGSID:
		v = session;
		if (!v)
			return -ENOTTY;
		return copy_to_user(arg, &v, sizeof(v)) ? -EFAULT : 0;
	case TIOCSCTTY:
		if (p) {
			session = p->sid;
			fg_pgrp = p->pgid;
		}
		return 0;
	case TIOCNOTTY:
		return 0;
	case FIONREAD:
		spin_lock(&tty_lock);
		v = readable();
		spin_unlock(&tty_lock);
		return copy_to_user(arg, &v, sizeof(v)) ? -EFAULT : 0;
	default:
		err = -ENOTTY;
	}
	return err;
}

static int tty_poll(struct file *f)
{
	int mask = POLLOUT | POLLWRNORM;

	spin_lock(&tty_lock);
	if (readable() || (eof_at == rtail && (term.c_lflag & ICANON)))
		mask |= POLLIN | POLLRDNORM;
	spin_unlock(&tty_lock);
	return mask;
}

const struct file_ops tty_file_ops = {
	.read = tty_read,
	.write = tty_write,
	.ioctl = tty_ioctl,
	.poll = tty_poll,
	.write_lock = &out_lock,
};

void tty_set_controlling(int sid, int pgrp)
{
	spin_lock(&tty_lock);
	session = sid;
	fg_pgrp = pgrp;
	spin_unlock(&tty_lock);
}

void tty_owner(int *sid, int *pgrp)
{
	spin_lock(&tty_lock);
	*sid = session;
	*pgrp = fg_pgrp;
	spin_unlock(&tty_lock);
}
