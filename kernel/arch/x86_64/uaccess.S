/*
 * The only code that touches user memory. Each routine opens the SMAP
 * window (stac), copies, and closes it (clac). An instruction that may
 * fault on a user address has an entry in the exception table
 * (__ex_table: fault address, fix-up address); trap.c first tries to
 * resolve such a fault as a user page fault (demand paging, copy-on-write)
 * and otherwise resumes at the fix-up, which returns -EFAULT. Range checks
 * are done by the C callers (uaccess.c).
 */
#define EFAULT	14

.macro ex_entry fault, fixup
	.pushsection __ex_table, "a"
	.balign	8
	.quad	\fault, \fixup
	.popsection
.endm

	.text

/* long copy_user_raw(void *dst, const void *src, size_t n): 0 or -EFAULT */
	.globl	copy_user_raw
	.type	copy_user_raw, @function
copy_user_raw:
	stac
	movq	%rdx, %rcx
	shrq	$3, %rcx		/* 8 bytes a step, as memcpy */
1:	rep movsq
	movq	%rdx, %rcx
	andq	$7, %rcx
9:	rep movsb
	clac
	xorl	%eax, %eax
	ret
2:	clac
	movq	$-EFAULT, %rax
	ret
	ex_entry 1b, 2b
	ex_entry 9b, 2b
	.size	copy_user_raw, . - copy_user_raw

/*
 * long strncpy_user_raw(char *dst, const char *src, size_t max)
 * Copy up to and including a NUL, at most max bytes. Returns the string's
 * length, max if no NUL came within max bytes, or -EFAULT.
 */
	.globl	strncpy_user_raw
	.type	strncpy_user_raw, @function
strncpy_user_raw:
	stac
	xorl	%eax, %eax
3:	cmpq	%rdx, %rax
	je	5f
4:	movb	(%rsi,%rax), %cl
	movb	%cl, (%rdi,%rax)
	testb	%cl, %cl
	jz	5f
	incq	%rax
	jmp	3b
5:	clac
	ret
6:	clac
	movq	$-EFAULT, %rax
	ret
	ex_entry 4b, 6b
	.size	strncpy_user_raw, . - strncpy_user_raw

/* long clear_user_raw(void *dst, size_t n): 0 or -EFAULT */
	.globl	clear_user_raw
	.type	clear_user_raw, @function
clear_user_raw:
	stac
	movq	%rsi, %rcx
	shrq	$3, %rcx
	xorl	%eax, %eax
7:	rep stosq
	movq	%rsi, %rcx
	andq	$7, %rcx
10:	rep stosb
	clac
	ret
8:	clac
	movq	$-EFAULT, %rax
	ret
	ex_entry 7b, 8b
	ex_entry 10b, 8b
	.size	clear_user_raw, . - clear_user_raw

/*
 * long cmpxchg_user_raw(uint32_t *uaddr, uint32_t old, uint32_t new):
 * lock cmpxchg on a user word (futexes). Returns the value found, zero-
 * extended, or -EFAULT.
 */
	.globl	cmpxchg_user_raw
	.type	cmpxchg_user_raw, @function
cmpxchg_user_raw:
	stac
	movl	%esi, %eax		/* expected */
11:	lock cmpxchgl %edx, (%rdi)	/* eax: the value found */
	clac
	ret				/* a 32-bit result zero-extends rax */
12:	clac
	movq	$-EFAULT, %rax
	ret
	ex_entry 11b, 12b
	.size	cmpxchg_user_raw, . - cmpxchg_user_raw
