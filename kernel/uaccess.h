/*
 * Access to user memory. A user address is a uaddr_t, never a pointer:
 * the kernel reads and writes user memory only through these calls,
 * which check that the range lies in the user half and turn a fault
 * into -EFAULT (SMAP stops any other access).
 */
#pragma once

#include <stddef.h>
#include <stdint.h>

typedef uint64_t uaddr_t;

/* 0, or -EFAULT if any byte of the user range is bad. */
int copy_from_user(void *dst, uaddr_t src, size_t n);
int copy_to_user(uaddr_t dst, const void *src, size_t n);
int clear_user(uaddr_t dst, size_t n);

/* Copy a NUL-terminated string of at most max-1 characters into dst
   (max bytes). Returns its length, -ENAMETOOLONG if it does not fit, or
   -EFAULT. */
long strncpy_from_user(char *dst, uaddr_t src, size_t max);

/* copy_from_user that does not fault pages in (a page not present, or
   not yet copied, is -EFAULT): safe with a spinlock held. */
int copy_from_user_nofault(void *dst, uaddr_t src, size_t n);

/* Between these (they nest), user accesses of the calling thread do not
   fault pages in: a page not present, or not yet copied, is -EFAULT. */
void pagefault_disable(void);
void pagefault_enable(void);

/* Fault in every page of [addr, addr+n) for reading, or for writing
   (write: copies on write), as the user's own access would: 0, or
   -EFAULT if a page cannot be had that way. */
int fault_in_user(uaddr_t addr, size_t n, int write);

/* Atomically: if the 32-bit word at uaddr (4-byte aligned) is old, make
   it new. Returns the value found, or -EFAULT; with nofault, pages are
   not faulted in. */
long cmpxchg_user(uaddr_t uaddr, uint32_t old, uint32_t new, int nofault);

/* Is [addr, addr+n) inside the user half? */
int user_range_ok(uaddr_t addr, size_t n);

/* The fix-up address for a fault at rip in user-access code, or 0. */
uint64_t uaccess_fixup(uint64_t rip);
