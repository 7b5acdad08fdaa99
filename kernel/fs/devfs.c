/*
 * The devices under /dev. Each node is a character-device inode of the
 * RAM file system whose file operations are the device's. Linux's
 * major/minor numbers are kept for stat.
 */
#include "devfs.h"

#include "file.h"
#include "ramfs.h"
#include "vfs.h"
#include "../tty.h"
#include "../errno.h"
#include "../log.h"
#include "../random.h"
#include "../string.h"

#define CHUNK	512

static long null_read(struct file *f, struct iobuf *buf, size_t n)
{
	return 0;
}

static long sink_write(struct file *f, struct iobuf *buf, size_t n)
{
	return n;
}

static long full_write(struct file *f, struct iobuf *buf, size_t n)
{
	return -ENOSPC;
}

static long zero_read(struct file *f, struct iobuf *buf, size_t n)
{
	return iobuf_clear(buf, 0, n) ? -EFAULT : (long)n;
}

static long random_read(struct file *f, struct iobuf *buf, size_t n)
{
	char chunk[CHUNK];
	size_t done = 0;

	while (done < n) {
		size_t k = n - done < CHUNK ? n - done : CHUNK;

		random_bytes(chunk, k);
		if (iobuf_copy_to(buf, done, chunk, k))
			return done ? (long)done : -EFAULT;
		done += k;
	}
	return done;
}

/* The kernel log, read from the start (f->pos) as text. */
static long kmsg_read(struct file *f, struct iobuf *buf, size_t n)
{
	static char snapshot[64 * 1024];	/* kmsg_lock */
	static struct mutex kmsg_lock;
	static int ready;
	size_t len, k;

	if (!__atomic_exchange_n(&ready, 1, __ATOMIC_ACQ_REL))
		mutex_init(&kmsg_lock, "kmsg");
	mutex_lock(&kmsg_lock);
	len = log_read(snapshot, sizeof(snapshot));
	k = f->pos < len ? len - f->pos : 0;
	if (k > n)
		k = n;
	if (k && iobuf_copy_to(buf, 0, snapshot + f->pos, k)) {
		mutex_unlock(&kmsg_lock);
		return -EFAULT;
	}
	f->pos += k;
	mutex_unlock(&kmsg_lock);
	return k;
}

/* Linux's memory devices: an offset means nothing to them, and pread
   and pwrite work as read and write. */
static const struct file_ops null_ops = {
	.read = null_read, .write = sink_write, .positionless = 1,
};
static const struct file_ops zero_ops = {
	.read = zero_read, .write = sink_write, .positionless = 1,
};
static const struct file_ops full_ops = {
	.read = zero_read, .write = full_write, .positionless = 1,
};
static const struct file_ops random_ops = {
	.read = random_read, .write = sink_write, .positionless = 1,
};
static const struct file_ops kmsg_ops = { .read = kmsg_read };

#define DEV(major, minor)	((major) << 8 | (minor))

static const struct {
	const char *name;
	const struct file_ops *ops;
	uint32_t mode;
	uint32_t rdev;
} devices[] = {
	{ "null", &null_ops, 0666, DEV(1, 3) },
	{ "zero", &zero_ops, 0666, DEV(1, 5) },
	{ "full", &full_ops, 0666, DEV(1, 7) },
	{ "random", &random_ops, 0666, DEV(1, 8) },
	{ "urandom", &random_ops, 0666, DEV(1, 9) },
	{ "kmsg", &kmsg_ops, 0644, DEV(1, 11) },
	{ "tty", &tty_file_ops, 0666, DEV(5, 0) },
	{ "console", &tty_file_ops, 0600, DEV(5, 1) },
};

void devfs_init(void)
{
	struct inode *root = vfs_root(), *mnt, *dev, *node;
	unsigned i;

	/* Its own file system, mounted on /dev. */
	if (root->ops->create(root, "dev", S_IFDIR | 0755, NULL, &mnt) ||
	    !(dev = ramfs_mount()) || vfs_mount(mnt, dev)) {
		klog(LOG_ERR, "devfs: cannot mount /dev\n");
		return;
	}
	inode_put(mnt);
	for (i = 0; i < sizeof(devices) / sizeof(devices[0]); i++) {
		if (dev->ops->create(dev, devices[i].name,
				     S_IFCHR | devices[i].mode, NULL, &node)) {
			klog(LOG_ERR, "devfs: cannot create /dev/%s\n",
			     devices[i].name);
			continue;
		}
		node->dev = devices[i].ops;
		node->rdev = devices[i].rdev;
		inode_put(node);
	}
	inode_put(dev);
}
