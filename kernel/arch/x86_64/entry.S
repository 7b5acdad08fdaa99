/*
 * The kernel's entry point. The loader jumps here on its own page tables
 * with interrupts off and the boot-info physical address in rdi
 * (shared/bootinfo.h). Switch to the boot stack and call kmain.
 */
#define BOOT_STACK_SIZE	(64 * 1024)

	.section .text.entry, "ax"
	.globl	_start
	.type	_start, @function
_start:
	cli
	leaq	boot_stack_top(%rip), %rsp
	xorl	%ebp, %ebp		/* end of the frame-pointer chain */
	pushq	$0			/* fake return address: ends backtraces */
	pushq	$0
	movq	%rsp, %rbp
	call	kmain			/* does not return */
1:	cli
	hlt
	jmp	1b
	.size	_start, . - _start

	.section .bss
	.align	4096
	.globl	boot_stack_bottom, boot_stack_top
boot_stack_bottom:
	.skip	BOOT_STACK_SIZE
boot_stack_top:
