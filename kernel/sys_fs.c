/*
 * File-system system calls: paths, names, metadata, directories. Decode
 * and check here; the work is in fs/vfs.c and the file system's inode
 * operations. Every process runs as root (uid 0) for now, so permission
 * bits matter only for execution.
 */
#include "errno.h"
#include "fs/file.h"
#include "fs/vfs.h"
#include "kmalloc.h"
#include "tty.h"
#include "proc.h"
#include "string.h"
#include "syscall.h"

#define AT_FDCWD		-100
#define AT_SYMLINK_NOFOLLOW	0x100
#define AT_REMOVEDIR		0x200
#define AT_SYMLINK_FOLLOW	0x400
#define UTIME_NOW		((1L << 30) - 1)
#define UTIME_OMIT		((1L << 30) - 2)
#define AT_EACCESS		0x200
#define AT_EMPTY_PATH		0x1000
#define O_NOFOLLOW		00400000
#define SEEK_SET		0
#define SEEK_CUR		1
#define SEEK_END		2
#define F_OK			0
#define X_OK			1
#define W_OK			2
#define R_OK			4
#define DT_FIFO			1
#define DT_CHR			2
#define DT_DIR			4
#define DT_REG			8
#define DT_LNK			10
#define NSEC			1000000000ULL

struct stat_user {			/* struct stat, x86_64 */
	uint64_t st_dev, st_ino, st_nlink;
	uint32_t st_mode, st_uid, st_gid, pad0;
	uint64_t st_rdev;
	int64_t st_size, st_blksize, st_blocks;
	uint64_t st_atime, st_atime_nsec, st_mtime, st_mtime_nsec;
	uint64_t st_ctime, st_ctime_nsec;
	int64_t unused[3];
};

_Static_assert(sizeof(struct stat_user) == 144, "struct stat");

/* A path from user memory into a PATH_MAX kernel buffer (kfree it). */
static int get_path(uaddr_t upath, char **out)
{
	char *buf = kmalloc(PATH_MAX);
	long n;

	if (!buf)
		return -ENOMEM;
	n = strncpy_from_user(buf, upath, PATH_MAX);
	if (n <= 0) {
		kfree(buf);
		return n == 0 ? -ENOENT : (int)n;
	}
	*out = buf;
	return 0;
}

/* The directory relative paths start from: the cwd for AT_FDCWD, else
   dirfd's directory. A reference in *dir. */
static int start_dir(int dirfd, const char *path, struct inode **dir)
{
	struct file *f;

	if (path[0] == '/' || dirfd == AT_FDCWD) {
		*dir = proc_cwd();
		return 0;
	}
	f = fd_get(proc_current()->files, dirfd);
	if (!f)
		return -EBADF;
	if (!f->inode || !S_ISDIR(f->inode->mode)) {
		file_put(f);
		return -ENOTDIR;
	}
	*dir = f->inode;
	inode_get(*dir);
	file_put(f);
	return 0;
}

/* Resolve a user path relative to dirfd. */
static int resolve_at(int dirfd, uaddr_t upath, int follow,
		      struct inode **out)
{
	struct inode *dir;
	char *path;
	int err;

	if ((err = get_path(upath, &path)))
		return err;
	if (!(err = start_dir(dirfd, path, &dir))) {
		err = vfs_resolve(dir, path, follow, out);
		inode_put(dir);
	}
	kfree(path);
	return err;
}

/* The parent directory of a user path and its last name. */
static int parent_at(int dirfd, uaddr_t upath, struct inode **parent,
		     char *name, int *slash)
{
	struct inode *dir;
	char *path;
	int err;

	if ((err = get_path(upath, &path)))
		return err;
	if (!(err = start_dir(dirfd, path, &dir))) {
		err = vfs_resolve_parent(dir, path, parent, name, slash);
		inode_put(dir);
	}
	kfree(path);
	return err;
}

static int is_dot(const char *name)
{
	return strcmp(name, ".") == 0 || strcmp(name, "..") == 0;
}

/*
 * O_CREAT on a symbolic link: open what it points to, creating the
 * target if it is missing (as Linux does), through at most SYMLOOP_MAX
 * links. dir is the directory the link is in; link is consumed.
 */
static int create_via_link(struct inode *dir, struct inode *link,
			   uint32_t mode, struct inode **out)
{
	char *target = kmalloc(PATH_MAX), name[NAME_MAX + 1];
	struct inode *pdir = NULL, *ino = NULL;
	int err = 0, hops, slash;

	if (!target) {
		inode_put(link);
		return -ENOMEM;
	}
	inode_get(dir);
	for (hops = 0; ; hops++) {
		long n = hops >= SYMLOOP_MAX ? -ELOOP :
			 vfs_read_kernel(link, 0, target, PATH_MAX - 1);

		inode_put(link);
		link = NULL;
		if (n < 0) {
			err = n;
			break;
		}
		target[n] = 0;
		err = vfs_resolve_parent(dir, target, &pdir, name, &slash);
		if (err)
			break;
		err = pdir->ops->lookup(pdir, name, &ino);
		if (err == -ENOENT && !slash)
			err = pdir->ops->create(pdir, name, S_IFREG | mode, NULL, &ino);
		if (err || !S_ISLNK(ino->mode))
			break;
		inode_put(dir);		/* another link: from its directory */
		dir = pdir;
		pdir = NULL;
		link = ino;
		ino = NULL;
	}
	if (pdir)
		inode_put(pdir);
	inode_put(dir);
	kfree(target);
	if (!err)
		*out = ino;
	return err;
}

static int do_open(int dirfd, uaddr_t upath, int flags, unsigned int mode)
{
	struct inode *start, *dir, *ino = NULL;
	char name[NAME_MAX + 1], *path;
	struct file *f;
	int err, fd, slash, acc = flags & O_ACCMODE;

	if ((err = get_path(upath, &path)))
		return err;
	if ((err = start_dir(dirfd, path, &start))) {
		kfree(path);
		return err;
	}
	if (flags & O_CREAT) {
		if ((err = vfs_resolve_parent(start, path, &dir, name, &slash)))
			goto out;
		err = dir->ops->lookup(dir, name, &ino);
		if (err == -ENOENT && slash) {
			err = -EISDIR;
		} else if (err == -ENOENT) {
			err = dir->ops->create(dir, name, S_IFREG |
					       (mode & ~proc_current()->umask & 07777),
					       NULL, &ino);
		} else if (!err && (flags & O_EXCL)) {
			err = -EEXIST;
		} else if (!err && S_ISLNK(ino->mode)) {
			struct inode *link = ino;

			ino = NULL;
			if (flags & O_NOFOLLOW) {
				inode_put(link);
				err = -ELOOP;
			} else {
				err = create_via_link(dir, link,
						      mode & ~proc_current()->umask &
						      07777, &ino);
			}
		}
		inode_put(dir);
	} else {
		err = vfs_resolve(start, path, !(flags & O_NOFOLLOW), &ino);
		if (!err && S_ISLNK(ino->mode))
			err = -ELOOP;	/* O_NOFOLLOW on a link */
	}
	if (err)
		goto out;
	err = -ENOTDIR;
	if ((flags & O_DIRECTORY) && !S_ISDIR(ino->mode))
		goto out;
	err = -EISDIR;
	if (S_ISDIR(ino->mode) &&
	    (acc != O_RDONLY || (flags & (O_CREAT | O_TRUNC))))
		goto out;
	if ((flags & O_TRUNC) && S_ISREG(ino->mode)) {	/* even O_RDONLY */
		if ((err = inode_get_write(ino)))
			goto out;		/* a running program */
		mutex_lock(&ino->lock);
		err = ino->ops->truncate(ino, 0);
		mutex_unlock(&ino->lock);
		inode_put_write(ino);
		if (err)
			goto out;
	}
	if ((err = vfs_open_inode(ino, flags, &f)))
		goto out;
	if (!f->path)		/* /proc's fd links; opened files name it */
		f->path = vfs_abspath(start, path);
	fd = fd_install(proc_current()->files, f, 0, (flags & O_CLOEXEC) != 0);
	if (fd < 0)
		file_put(f);
	err = fd;
out:
	if (ino)
		inode_put(ino);
	inode_put(start);
	kfree(path);
	return err;
}

long sys_openat(int dirfd, uaddr_t path, int flags, unsigned int mode)
{
	return do_open(dirfd, path, flags, mode);
}

long sys_open(uaddr_t path, int flags, unsigned int mode)
{
	return do_open(AT_FDCWD, path, flags, mode);
}

long sys_creat(uaddr_t path, unsigned int mode)
{
	return do_open(AT_FDCWD, path, O_CREAT | O_WRONLY | O_TRUNC, mode);
}

/* What stat reports of ino (NULL: a pipe or the console, fake_mode). */
static void stat_of(struct inode *ino, unsigned int fake_mode,
		    struct stat_user *st)
{
	memset(st, 0, sizeof(*st));
	st->st_blksize = 4096;
	if (!ino) {
		st->st_mode = fake_mode;
		st->st_nlink = 1;
		st->st_rdev = S_ISCHR(fake_mode) ? (5 << 8) | 1 : 0;
		return;
	}
	mutex_lock(&ino->lock);
	st->st_dev = 1;
	st->st_ino = ino->ino;
	st->st_nlink = ino->nlink;
	st->st_mode = ino->mode;
	st->st_uid = ino->uid;
	st->st_gid = ino->gid;
	st->st_rdev = ino->rdev;
	st->st_size = S_ISDIR(ino->mode) ? 4096 : ino->size;
	st->st_blocks = ino->blocks;	/* a sparse file's are few */
	st->st_atime = ino->atime / NSEC;
	st->st_atime_nsec = ino->atime % NSEC;
	st->st_mtime = ino->mtime / NSEC;
	st->st_mtime_nsec = ino->mtime % NSEC;
	st->st_ctime = ino->ctime / NSEC;
	st->st_ctime_nsec = ino->ctime % NSEC;
	mutex_unlock(&ino->lock);
}

static int stat_fd(int fd, struct stat_user *st)
{
	struct file *f = fd_get(proc_current()->files, fd);

	if (!f)
		return -EBADF;
	stat_of(f->inode, f->ops == &tty_file_ops ? S_IFCHR | 0620 :
		S_IFIFO | 0600, st);
	file_put(f);
	return 0;
}

/* fstatat's lookup: path from dirfd, or (AT_EMPTY_PATH and "") dirfd
   itself. */
static int stat_at(int dirfd, uaddr_t path, int flags, struct stat_user *st)
{
	struct inode *ino;
	char c;
	int err;

	if ((flags & AT_EMPTY_PATH) && copy_from_user(&c, path, 1) == 0 && !c) {
		if (dirfd != AT_FDCWD)
			return stat_fd(dirfd, st);
		ino = proc_cwd();
	} else if ((err = resolve_at(dirfd, path,
				     !(flags & AT_SYMLINK_NOFOLLOW), &ino))) {
		return err;
	}
	stat_of(ino, 0, st);
	inode_put(ino);
	return 0;
}

long sys_fstat(int fd, uaddr_t ust)
{
	struct stat_user st;
	int err = stat_fd(fd, &st);

	if (!err && copy_to_user(ust, &st, sizeof(st)))
		err = -EFAULT;
	return err;
}

long sys_newfstatat(int dirfd, uaddr_t path, uaddr_t ust, int flags)
{
	struct stat_user st;
	int err;

	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	err = stat_at(dirfd, path, flags, &st);
	if (!err && copy_to_user(ust, &st, sizeof(st)))
		err = -EFAULT;
	return err;
}

#define AT_NO_AUTOMOUNT		0x800
#define AT_STATX_SYNC_TYPE	0x6000
#define STATX_BASIC_STATS	0x7ff
#define STATX__RESERVED		0x80000000u

struct statx_time {
	int64_t sec;
	uint32_t nsec;
	int32_t reserved;
};

struct statx_user {			/* Linux's struct statx */
	uint32_t mask, blksize;
	uint64_t attributes;
	uint32_t nlink, uid, gid;
	uint16_t mode, spare0;
	uint64_t ino, size, blocks, attributes_mask;
	struct statx_time atime, btime, ctime, mtime;
	uint32_t rdev_major, rdev_minor, dev_major, dev_minor;
	uint64_t mnt_id;
	uint32_t dio_mem_align, dio_offset_align;
	uint64_t spare3[12];
};

_Static_assert(sizeof(struct statx_user) == 256, "struct statx");

/* statx: what fstatat gives, in struct statx; the basic fields are all
   there whatever mask asks (as Linux may), the birth time is not. */
long sys_statx(int dirfd, uaddr_t path, int flags, unsigned int mask,
	       uaddr_t ubuf)
{
	struct stat_user st;
	struct statx_user x;
	int err;

	if ((flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH | AT_NO_AUTOMOUNT |
		       AT_STATX_SYNC_TYPE)) ||
	    (flags & AT_STATX_SYNC_TYPE) == AT_STATX_SYNC_TYPE ||
	    (mask & STATX__RESERVED))
		return -EINVAL;
	if ((err = stat_at(dirfd, path, flags, &st)))
		return err;
	memset(&x, 0, sizeof(x));
	x.mask = STATX_BASIC_STATS;
	x.blksize = st.st_blksize;
	x.nlink = st.st_nlink;
	x.uid = st.st_uid;
	x.gid = st.st_gid;
	x.mode = st.st_mode;
	x.ino = st.st_ino;
	x.size = st.st_size;
	x.blocks = st.st_blocks;
	x.atime.sec = st.st_atime;
	x.atime.nsec = st.st_atime_nsec;
	x.mtime.sec = st.st_mtime;
	x.mtime.nsec = st.st_mtime_nsec;
	x.ctime.sec = st.st_ctime;
	x.ctime.nsec = st.st_ctime_nsec;
	x.rdev_major = (st.st_rdev >> 8) & 0xfff;
	x.rdev_minor = (st.st_rdev & 0xff) | ((st.st_rdev >> 12) & ~0xffU);
	x.dev_major = (st.st_dev >> 8) & 0xfff;
	x.dev_minor = (st.st_dev & 0xff) | ((st.st_dev >> 12) & ~0xffU);
	return copy_to_user(ubuf, &x, sizeof(x)) ? -EFAULT : 0;
}

long sys_stat(uaddr_t path, uaddr_t st)
{
	return sys_newfstatat(AT_FDCWD, path, st, 0);
}

long sys_lstat(uaddr_t path, uaddr_t st)
{
	return sys_newfstatat(AT_FDCWD, path, st, AT_SYMLINK_NOFOLLOW);
}

long sys_lseek(int fd, int64_t off, int whence)
{
	struct file *f = fd_get(proc_current()->files, fd);
	int64_t base, ret;

	if (!f)
		return -EBADF;
	if (!f->inode || S_ISCHR(f->inode->mode)) {
		file_put(f);
		return f->inode ? 0 : -ESPIPE;	/* devices: no position */
	}
	mutex_lock(&f->inode->lock);
	base = whence == SEEK_SET ? 0 : whence == SEEK_CUR ? (int64_t)f->pos :
	       whence == SEEK_END ? (int64_t)f->inode->size : -1;
	if (base < 0 && whence != SEEK_SET)
		ret = -EINVAL;
	else if (base + off < 0)
		ret = -EINVAL;
	else
		ret = f->pos = base + off;
	mutex_unlock(&f->inode->lock);
	file_put(f);
	return ret;
}

long sys_getdents64(int fd, uaddr_t dirp, unsigned int count)
{
	struct file *f = fd_get(proc_current()->files, fd);
	struct vfs_dirent *d = kmalloc(sizeof(*d));
	char *out = NULL;
	size_t used = 0;
	long ret = 0;

	if (!f || !d) {
		ret = f ? -ENOMEM : -EBADF;
		goto done;
	}
	if (!f->inode || !S_ISDIR(f->inode->mode)) {
		ret = -ENOTDIR;
		goto done;
	}
	out = kmalloc(count < 65536 ? count : 65536);
	if (!out) {
		ret = -ENOMEM;
		goto done;
	}
	if (count > 65536)
		count = 65536;
	for (;;) {
		uint64_t pos = f->pos;

		if (f->inode->ops->readdir(f->inode, &pos, d))
			break;
		size_t namelen = strlen(d->name);
		size_t reclen = (19 + namelen + 1 + 7) & ~7UL;
		uint32_t t = d->type;
		uint16_t rl = reclen;
		int64_t next = pos;
		uint8_t type = t == S_IFDIR ? DT_DIR : t == S_IFREG ? DT_REG :
			       t == S_IFLNK ? DT_LNK : t == S_IFCHR ? DT_CHR :
			       t == S_IFIFO ? DT_FIFO : 0;

		if (used + reclen > count) {
			if (used == 0)
				ret = -EINVAL;	/* not even one entry fits */
			break;
		}
		memset(out + used, 0, reclen);
		memcpy(out + used, &d->ino, 8);
		memcpy(out + used + 8, &next, 8);
		memcpy(out + used + 16, &rl, 2);
		out[used + 18] = type;
		memcpy(out + used + 19, d->name, namelen);
		used += reclen;
		f->pos = pos;
	}
	if (!ret)
		ret = copy_to_user(dirp, out, used) ? -EFAULT : (long)used;
done:
	kfree(out);
	kfree(d);
	if (f)
		file_put(f);
	return ret;
}

long sys_mkdirat(int dirfd, uaddr_t path, unsigned int mode)
{
	struct inode *dir, *ino;
	char name[NAME_MAX + 1];
	int err, slash;

	if ((err = parent_at(dirfd, path, &dir, name, &slash)))
		return err;
	err = is_dot(name) ? -EEXIST :
	      dir->ops->create(dir, name, S_IFDIR |
			       (mode & ~proc_current()->umask & 07777), NULL, &ino);
	if (!err)
		inode_put(ino);
	inode_put(dir);
	return err;
}

long sys_mkdir(uaddr_t path, unsigned int mode)
{
	return sys_mkdirat(AT_FDCWD, path, mode);
}

long sys_unlinkat(int dirfd, uaddr_t path, int flags)
{
	struct inode *dir;
	char name[NAME_MAX + 1];
	int err, slash, rmdir = (flags & AT_REMOVEDIR) != 0;

	if (flags & ~AT_REMOVEDIR)
		return -EINVAL;
	if ((err = parent_at(dirfd, path, &dir, name, &slash)))
		return err;
	if (strcmp(name, ".") == 0)
		err = rmdir ? -EINVAL : -EISDIR;
	else if (strcmp(name, "..") == 0)
		err = rmdir ? -ENOTEMPTY : -EISDIR;
	else if (slash && !rmdir)
		err = -ENOTDIR;
	else
		err = dir->ops->remove(dir, name, rmdir);
	inode_put(dir);
	return err;
}

long sys_unlink(uaddr_t path)
{
	return sys_unlinkat(AT_FDCWD, path, 0);
}

long sys_rmdir(uaddr_t path)
{
	return sys_unlinkat(AT_FDCWD, path, AT_REMOVEDIR);
}

long sys_renameat2(int olddirfd, uaddr_t oldpath, int newdirfd,
		   uaddr_t newpath, unsigned int flags)
{
	struct inode *od, *nd, *src;
	char oname[NAME_MAX + 1], nname[NAME_MAX + 1];
	int err, oslash, nslash;

	if (flags)
		return -EINVAL;
	if ((err = parent_at(olddirfd, oldpath, &od, oname, &oslash)))
		return err;
	if ((err = parent_at(newdirfd, newpath, &nd, nname, &nslash))) {
		inode_put(od);
		return err;
	}
	err = is_dot(oname) || is_dot(nname) ? -EBUSY : 0;
	if (!err && (oslash || nslash)) {	/* "f/": only for directories */
		if (!(err = od->ops->lookup(od, oname, &src))) {
			err = S_ISDIR(src->mode) ? 0 : -ENOTDIR;
			inode_put(src);
		}
	}
	if (!err)
		err = od->ops->rename(od, oname, nd, nname);
	inode_put(od);
	inode_put(nd);
	return err;
}

long sys_renameat(int olddirfd, uaddr_t oldpath, int newdirfd, uaddr_t newpath)
{
	return sys_renameat2(olddirfd, oldpath, newdirfd, newpath, 0);
}

long sys_rename(uaddr_t oldpath, uaddr_t newpath)
{
	return sys_renameat2(AT_FDCWD, oldpath, AT_FDCWD, newpath, 0);
}

long sys_symlinkat(uaddr_t target, int newdirfd, uaddr_t linkpath)
{
	struct inode *dir, *ino;
	char name[NAME_MAX + 1], *t;
	int err, slash;

	if ((err = get_path(target, &t)))
		return err;
	if (!(err = parent_at(newdirfd, linkpath, &dir, name, &slash))) {
		err = is_dot(name) ? -EEXIST :
		      dir->ops->create(dir, name, S_IFLNK | 0777, t, &ino);
		if (!err)
			inode_put(ino);
		inode_put(dir);
	}
	kfree(t);
	return err;
}

long sys_symlink(uaddr_t target, uaddr_t linkpath)
{
	return sys_symlinkat(target, AT_FDCWD, linkpath);
}

long sys_linkat(int olddirfd, uaddr_t oldpath, int newdirfd, uaddr_t newpath,
		int flags)
{
	struct inode *ino, *dir;
	char name[NAME_MAX + 1];
	int err, slash;

	if (flags & ~(AT_SYMLINK_FOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	if ((err = resolve_at(olddirfd, oldpath, flags & AT_SYMLINK_FOLLOW,
			      &ino)))
		return err;
	if (!(err = parent_at(newdirfd, newpath, &dir, name, &slash))) {
		err = S_ISDIR(ino->mode) ? -EPERM : is_dot(name) ? -EEXIST :
		      slash ? -ENOENT : !dir->ops->link ? -EPERM :
		      dir->ops->link(dir, name, ino);
		inode_put(dir);
	}
	inode_put(ino);
	return err;
}

long sys_link(uaddr_t oldpath, uaddr_t newpath)
{
	return sys_linkat(AT_FDCWD, oldpath, AT_FDCWD, newpath, 0);
}

/* One utimensat time: now, kept, or a timespec (ns since the epoch). */
static int utime_value(const int64_t ts[2], uint64_t now, uint64_t *out,
		       int *set)
{
	if (ts[1] == UTIME_OMIT)
		return 0;
	*set = 1;
	if (ts[1] == UTIME_NOW) {
		*out = now;
		return 0;
	}
	if (ts[1] < 0 || ts[1] >= (int64_t)NSEC || ts[0] < 0)
		return -EINVAL;
	*out = ts[0] * NSEC + ts[1];
	return 0;
}

long sys_utimensat(int dirfd, uaddr_t path, uaddr_t times, int flags)
{
	int64_t ts[2][2] = { { 0, UTIME_NOW }, { 0, UTIME_NOW } };
	uint64_t now = vfs_now(), at = 0, mt = 0;
	int err, set_a = 0, set_m = 0;
	struct inode *ino;
	struct file *f;

	if (flags & ~AT_SYMLINK_NOFOLLOW)
		return -EINVAL;
	if (times && copy_from_user(ts, times, sizeof(ts)))
		return -EFAULT;
	if ((err = utime_value(ts[0], now, &at, &set_a)) ||
	    (err = utime_value(ts[1], now, &mt, &set_m)))
		return err;
	if (!set_a && !set_m)
		return 0;		/* both UTIME_OMIT: nothing at all */
	if (path) {
		err = resolve_at(dirfd, path, !(flags & AT_SYMLINK_NOFOLLOW),
				 &ino);
		if (err)
			return err;
	} else {			/* futimens: dirfd itself */
		if (!(f = fd_get(proc_current()->files, dirfd)))
			return -EBADF;
		ino = f->inode;
		if (ino)
			inode_get(ino);
		file_put(f);
		if (!ino)
			return -EPERM;
	}
	mutex_lock(&ino->lock);
	if (set_a)
		ino->atime = at;
	if (set_m)
		ino->mtime = mt;
	ino->ctime = now;
	mutex_unlock(&ino->lock);
	inode_put(ino);
	return 0;
}

long sys_readlinkat(int dirfd, uaddr_t path, uaddr_t buf, size_t size)
{
	struct inode *ino;
	char *t;
	long n;
	int err;

	if ((int64_t)size <= 0)
		return -EINVAL;
	if ((err = resolve_at(dirfd, path, 0, &ino)))
		return err;
	t = kmalloc(PATH_MAX);
	if (!S_ISLNK(ino->mode) || !t) {
		inode_put(ino);
		kfree(t);
		return t ? -EINVAL : -ENOMEM;
	}
	n = vfs_read_kernel(ino, 0, t, PATH_MAX);
	inode_put(ino);
	if (n > 0 && (size_t)n > size)
		n = size;		/* truncated, as readlink does */
	if (n > 0 && copy_to_user(buf, t, n))
		n = -EFAULT;
	kfree(t);
	return n;
}

long sys_readlink(uaddr_t path, uaddr_t buf, size_t size)
{
	return sys_readlinkat(AT_FDCWD, path, buf, size);
}

static void set_cwd(struct inode *dir)
{
	inode_put(proc_set_cwd(proc_current(), dir));
}

long sys_chdir(uaddr_t path)
{
	struct inode *ino;
	int err = resolve_at(AT_FDCWD, path, 1, &ino);

	if (err)
		return err;
	if (!S_ISDIR(ino->mode)) {
		inode_put(ino);
		return -ENOTDIR;
	}
	set_cwd(ino);
	return 0;
}

long sys_fchdir(int fd)
{
	struct file *f = fd_get(proc_current()->files, fd);
	int err = 0;

	if (!f)
		return -EBADF;
	if (!f->inode || !S_ISDIR(f->inode->mode))
		err = -ENOTDIR;
	else {
		inode_get(f->inode);
		set_cwd(f->inode);
	}
	file_put(f);
	return err;
}

long sys_getcwd(uaddr_t buf, size_t size)
{
	char *path = kmalloc(PATH_MAX);
	struct inode *cwd;
	int n;

	if (!path)
		return -ENOMEM;
	cwd = proc_cwd();
	n = vfs_path_of(cwd, path, size < PATH_MAX ? size : PATH_MAX);
	inode_put(cwd);
	if (n > 0 && copy_to_user(buf, path, n))
		n = -EFAULT;
	kfree(path);
	return n;
}

long sys_faccessat2(int dirfd, uaddr_t path, int mode, int flags)
{
	struct inode *ino;
	int err;

	if ((mode & ~(R_OK | W_OK | X_OK)) ||
	    (flags & ~(AT_EACCESS | AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH)))
		return -EINVAL;
	if ((err = resolve_at(dirfd, path, !(flags & AT_SYMLINK_NOFOLLOW), &ino)))
		return err;
	/* Root may read and write anything; executing needs an x bit. */
	if ((mode & X_OK) && !S_ISDIR(ino->mode) && !(ino->mode & 0111))
		err = -EACCES;
	inode_put(ino);
	return err;
}

long sys_faccessat(int dirfd, uaddr_t path, int mode)
{
	return sys_faccessat2(dirfd, path, mode, 0);
}

long sys_access(uaddr_t path, int mode)
{
	return sys_faccessat2(AT_FDCWD, path, mode, 0);
}

long sys_umask(unsigned int mask)
{
	struct proc *p = proc_current();
	uint32_t old = p->umask;

	p->umask = mask & 0777;
	return old;
}

static int chmod_inode(struct inode *ino, unsigned int mode)
{
	mutex_lock(&ino->lock);
	ino->mode = (ino->mode & S_IFMT) | (mode & 07777);
	ino->ctime = vfs_now();
	mutex_unlock(&ino->lock);
	return 0;
}

long sys_fchmodat(int dirfd, uaddr_t path, unsigned int mode, int flags)
{
	struct inode *ino;
	int err;

	if (flags & ~AT_SYMLINK_NOFOLLOW)
		return -EINVAL;
	if ((err = resolve_at(dirfd, path, 1, &ino)))
		return err;
	err = chmod_inode(ino, mode);
	inode_put(ino);
	return err;
}

long sys_chmod(uaddr_t path, unsigned int mode)
{
	return sys_fchmodat(AT_FDCWD, path, mode, 0);
}

long sys_fchmod(int fd, unsigned int mode)
{
	struct file *f = fd_get(proc_current()->files, fd);
	int err;

	if (!f)
		return -EBADF;
	err = f->inode ? chmod_inode(f->inode, mode) : 0;
	file_put(f);
	return err;
}

static int truncate_inode(struct inode *ino, int64_t length)
{
	int err;

	if (length < 0)
		return -EINVAL;
	if (S_ISDIR(ino->mode))
		return -EISDIR;
	if (!S_ISREG(ino->mode))
		return -EINVAL;
	mutex_lock(&ino->lock);
	err = vfs_newsize_ok(ino, length) ?: ino->ops->truncate(ino, length);
	mutex_unlock(&ino->lock);
	return err;
}

long sys_truncate(uaddr_t path, int64_t length)
{
	struct inode *ino;
	int err;

	if ((err = resolve_at(AT_FDCWD, path, 1, &ino)))
		return err;
	if (!S_ISREG(ino->mode) || !(err = inode_get_write(ino))) {
		err = truncate_inode(ino, length);
		if (S_ISREG(ino->mode))
			inode_put_write(ino);
	}
	inode_put(ino);
	return err;
}

long sys_ftruncate(int fd, int64_t length)
{
	struct file *f = fd_get(proc_current()->files, fd);
	int err;

	if (!f)
		return -EBADF;
	err = !f->inode || (f->flags & O_ACCMODE) == O_RDONLY ? -EINVAL :
	      truncate_inode(f->inode, length);
	file_put(f);
	return err;
}

long sys_fsync(int fd)
{
	struct file *f = fd_get(proc_current()->files, fd);

	if (!f)
		return -EBADF;
	file_put(f);
	return 0;		/* RAM: nothing to write back */
}

long sys_sync(void)
{
	return 0;
}
