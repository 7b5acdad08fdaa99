/* Pipes: a bounded byte buffer between a read end and a write end. */
#pragma once

#define PIPE_SIZE	(64 * 1024)
#define PIPE_BUF	4096		/* writes up to this are atomic */

#include <stdint.h>

struct file;

/* Create a pipe: two files (read end, write end) with flags (O_NONBLOCK
   and the access mode set per end). Returns 0 or -ENOMEM. */
int pipe_create(struct file **rd, struct file **wr, unsigned int flags);

/* f's pipe number (for /proc's "pipe:[N]"), or 0 if f is no pipe end. */
uint64_t pipe_id(const struct file *f);
