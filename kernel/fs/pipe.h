/* Pipes: a bounded byte buffer between a read end and a write end. */
#pragma once

#define PIPE_SIZE	(64 * 1024)
#define PIPE_BUF	4096		/* writes up to this are atomic */

struct file;

/* Create a pipe: two files (read end, write end) with flags (O_NONBLOCK
   and the access mode set per end). Returns 0 or -ENOMEM. */
int pipe_create(struct file **rd, struct file **wr, unsigned int flags);
