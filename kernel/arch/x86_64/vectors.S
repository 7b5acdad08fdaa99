/*
 * Entry stubs for all 256 interrupt vectors, and the common path that
 * saves the registers as a struct trapframe (trap.h), calls trap(), and
 * returns with iretq. For vectors where the CPU pushes no error code a
 * zero is pushed, so every frame has the same shape.
 */
#define TF_CS		(18 * 8)	/* offsetof(struct trapframe, cs) */
#define TF_VECTOR	(15 * 8)

	.text

/* Vectors whose exceptions push an error code: 8, 10-14, 17, 21, 29, 30. */
.macro vector n
	.align	16
vector\n:
	.if !(\n == 8 || (\n >= 10 && \n <= 14) || \n == 17 || \n == 21 || \n == 29 || \n == 30)
	pushq	$0			/* no error code: keep the frame shape */
	.endif
	pushq	$\n
	jmp	trap_common
.endm

.altmacro
.set	i, 0
.rept	256
	vector	%i
	.set	i, i + 1
.endr

	.type	trap_common, @function
trap_common:
	testb	$3, (TF_CS - TF_VECTOR)(%rsp)	/* from user mode? */
	jz	1f
	swapgs				/* kernel GS base */
1:
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
	cld				/* the C ABI wants DF clear */
	movq	%rsp, %rdi
	call	trap
	.globl	trap_return
trap_return:
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
	testb	$3, (TF_CS - TF_VECTOR)(%rsp)	/* back to user mode? */
	jz	2f
	swapgs				/* back to the user's GS base */
2:
	addq	$16, %rsp		/* vector and error code */
	iretq
	.size	trap_common, . - trap_common

/*
 * void trap_enter_user(struct trapframe *tf)
 * Leave for user mode with the registers in tf (a new process's first
 * entry, a fork child's). Interrupts must be off.
 */
	.globl	trap_enter_user
	.type	trap_enter_user, @function
trap_enter_user:
	movq	%rdi, %rsp
	jmp	trap_return
	.size	trap_enter_user, . - trap_enter_user

/* The stubs' addresses, for the IDT. */
.macro vector_address n
	.quad	vector\n
.endm

	.section .rodata
	.align	8
	.globl	trap_vectors
trap_vectors:
.set	i, 0
.rept	256
	vector_address	%i
	.set	i, i + 1
.endr
