/*
 * The SYSCALL instruction's entry (MSR_LSTAR). The CPU arrives here in
 * ring 0 with the user's RIP in rcx and RFLAGS in r11, interrupts off
 * (MSR_FMASK), and still on the user's stack and GS. Build a struct
 * trapframe (trap.h) on the thread's kernel stack exactly as an interrupt
 * from user mode would, call syscall_handler(tf), and return with SYSRET
 * (syscall_handler guarantees a canonical user RIP and sane RFLAGS) or,
 * when the frame was replaced (execve, sigreturn), through iretq.
 */
#define CPU_USER_RSP	8	/* offsetof(struct cpu, user_rsp) */
#define CPU_KSTACK_TOP	16	/* offsetof(struct cpu, kstack_top) */
#define USER_CS		0x2b	/* GDT_USER_CS | 3 */
#define USER_DS		0x23	/* GDT_USER_DS | 3 */
#define VECTOR_SYSCALL	0x100	/* not a real vector: marks the path */
#define TF_RIP		(17 * 8)
#define TF_RFLAGS	(19 * 8)
#define TF_RSP		(20 * 8)

	.text
	.globl	syscall_entry
	.type	syscall_entry, @function
syscall_entry:
	swapgs				/* kernel GS base */
	movq	%rsp, %gs:CPU_USER_RSP
	movq	%gs:CPU_KSTACK_TOP, %rsp
	pushq	$USER_DS		/* ss */
	pushq	%gs:CPU_USER_RSP	/* rsp */
	pushq	%r11			/* rflags */
	pushq	$USER_CS		/* cs */
	pushq	%rcx			/* rip */
	pushq	$0			/* error code */
	pushq	$VECTOR_SYSCALL		/* vector */
	pushq	%rax
	pushq	%rbx
	pushq	%rcx
	pushq	%rdx
	pushq	%rsi
	pushq	%rdi
	pushq	%rbp
	pushq	%r8
	pushq	%r9
	pushq	%r10
	pushq	%r11
	pushq	%r12
	pushq	%r13
	pushq	%r14
	pushq	%r15
	xorl	%ebp, %ebp		/* backtraces end at the user boundary */
	cld
	movq	%rsp, %rdi
	call	syscall_handler		/* returns 1 to leave by SYSRET */
	cli
	testl	%eax, %eax
	jz	trap_return		/* vectors.S: iretq, with swapgs */
	popq	%r15
	popq	%r14
	popq	%r13
	popq	%r12
	popq	%r11
	popq	%r10
	popq	%r9
	popq	%r8
	popq	%rbp
	popq	%rdi
	popq	%rsi
	popq	%rdx
	popq	%rcx
	popq	%rbx
	popq	%rax
	/* rsp now points at the vector; SYSRET takes RIP from rcx and
	   RFLAGS from r11, which the Linux ABI lets a syscall clobber. */
	movq	(TF_RIP - 15 * 8)(%rsp), %rcx
	movq	(TF_RFLAGS - 15 * 8)(%rsp), %r11
	movq	(TF_RSP - 15 * 8)(%rsp), %rsp	/* the user's stack */
	swapgs				/* the user's GS base */
	sysretq
	.size	syscall_entry, . - syscall_entry
