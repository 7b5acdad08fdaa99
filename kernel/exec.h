/*
 * execve: replacing a process's image with a static ELF program from the
 * boot file system. The new image is built completely, in a new address
 * space, before the old one is touched: any failure leaves the caller
 * running as it was.
 */
#pragma once

#include "uaccess.h"

struct proc;
struct trapframe;

#define ARG_MAX		(2 * 1024 * 1024)	/* argv + envp strings */
#define ARG_STRLEN_MAX	(128 * 1024)		/* one string */
#define ARG_COUNT_MAX	65536

/* Exec path in p with the kernel's own argv and envp; sets up tf for the
   first return to user mode. Returns 0 or -errno. */
int exec_kernel(struct proc *p, const char *path, const char *const argv[],
		const char *const envp[], struct trapframe *tf);

/* The execve system call for the running process. */
int exec_user(struct trapframe *tf, uaddr_t path, uaddr_t argv, uaddr_t envp);
