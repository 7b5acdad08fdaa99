/*
 * The jump from the loader to the kernel. Called after ExitBootServices
 * with the Microsoft x64 convention (the loader is a PE/COFF program):
 *
 *   void handoff(uint64_t pml4, uint64_t entry, uint64_t bootinfo)
 *                rcx            rdx             r8
 *
 * Never returns. Enters the kernel with the System V convention: the
 * boot-info address in rdi, interrupts off.
 */
#define MSR_EFER	0xc0000080
#define EFER_NXE	(1 << 11)
#define CR0_WP		(1 << 16)
#define CPUID_EXT_FEATURES	0x80000001
#define CPUID_EDX_NX_BIT	20

	.text
	.globl	handoff
handoff:
	cli
	movq	%rcx, %r10		/* pml4: cpuid and rdmsr clobber rcx/rdx */
	movq	%rdx, %r11		/* entry */

	movl	$CPUID_EXT_FEATURES, %eax
	cpuid
	btl	$CPUID_EDX_NX_BIT, %edx
	jnc	1f			/* no NX: the tables use no NX bits */
	movl	$MSR_EFER, %ecx
	rdmsr
	orl	$EFER_NXE, %eax		/* honour NX in the new tables */
	wrmsr
1:
	movq	%cr0, %rax
	orq	$CR0_WP, %rax		/* read-only pages bind ring 0 too */
	movq	%rax, %cr0

	movq	%r10, %cr3		/* the loader runs on in the identity map */
	movq	%r8, %rdi		/* struct bootinfo * (physical) */
	xorl	%ebp, %ebp		/* ends the kernel's frame-pointer chain */
	jmp	*%r11
