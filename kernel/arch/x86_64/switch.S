/*
 * Context switch between kernel threads.
 *
 *   void switch_context(uint64_t *save_rsp, uint64_t rsp)
 *
 * Saves the callee-saved registers on the current stack, stores the
 * stack pointer in *save_rsp, loads rsp and pops the next thread's
 * registers; its "ret" returns into its own switch_context call (or, for
 * a new thread, into thread_start). Everything else the C caller saves.
 */
	.text
	.globl	switch_context
	.type	switch_context, @function
switch_context:
	pushq	%rbp
	pushq	%rbx
	pushq	%r12
	pushq	%r13
	pushq	%r14
	pushq	%r15
	movq	%rsp, (%rdi)
	movq	%rsi, %rsp
	popq	%r15
	popq	%r14
	popq	%r13
	popq	%r12
	popq	%rbx
	popq	%rbp
	ret
	.size	switch_context, . - switch_context

/*
 * A new thread's first instructions: r12 holds its struct thread (set
 * up by thread_create). The stack is 16-byte aligned here, as a call
 * expects.
 */
	.globl	thread_start
	.type	thread_start, @function
thread_start:
	movq	%r12, %rdi
	call	thread_entry		/* never returns */
	ud2
	.size	thread_start, . - thread_start
