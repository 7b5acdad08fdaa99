/*
 * System calls: the Linux x86_64 numbers, arguments and error returns.
 * The list is shared/syscalls.def; every handler is declared here from it,
 * so a handler whose signature differs from the list does not compile.
 */
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "uaccess.h"

struct trapframe;

#define SYSCALL_MAX	512

#define SYSCALL0(nr, name) long sys_##name(void);
#define SYSCALL1(nr, name, t1, a1) long sys_##name(t1 a1);
#define SYSCALL2(nr, name, t1, a1, t2, a2) long sys_##name(t1 a1, t2 a2);
#define SYSCALL3(nr, name, t1, a1, t2, a2, t3, a3) \
	long sys_##name(t1 a1, t2 a2, t3 a3);
#define SYSCALL4(nr, name, t1, a1, t2, a2, t3, a3, t4, a4) \
	long sys_##name(t1 a1, t2 a2, t3 a3, t4 a4);
#define SYSCALL5(nr, name, t1, a1, t2, a2, t3, a3, t4, a4, t5, a5) \
	long sys_##name(t1 a1, t2 a2, t3 a3, t4 a4, t5 a5);
#define SYSCALL6(nr, name, t1, a1, t2, a2, t3, a3, t4, a4, t5, a5, t6, a6) \
	long sys_##name(t1 a1, t2 a2, t3 a3, t4 a4, t5 a5, t6 a6);
#include "../shared/syscalls.def"
#undef SYSCALL0
#undef SYSCALL1
#undef SYSCALL2
#undef SYSCALL3
#undef SYSCALL4
#undef SYSCALL5
#undef SYSCALL6

/* Program this CPU's SYSCALL MSRs. */
void syscall_init(void);

/* The user frame of the running system call (execve and fork need it). */
struct trapframe *syscall_frame(void);

/* Entry from syscall.S and int 0x80: dispatch on tf->rax, store the
   result in tf->rax. Returns 1 if the return may use SYSRET. */
int syscall_handler(struct trapframe *tf);
