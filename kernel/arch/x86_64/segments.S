/*
 * void reload_segments(uint16_t cs, uint16_t ds)
 * After lgdt: load the data segment registers and reload CS with a far
 * return. GS and FS are loaded with the null selector; their bases live
 * in MSRs, and loading a selector would clear GS base, so the GS base is
 * saved and restored around it.
 */
#define MSR_GS_BASE	0xc0000101

	.text
	.globl	reload_segments
reload_segments:
	movw	%si, %ds
	movw	%si, %es
	movw	%si, %ss
	movl	$MSR_GS_BASE, %ecx
	rdmsr				/* edx:eax = this CPU's GS base */
	xorl	%r8d, %r8d
	movw	%r8w, %fs
	movw	%r8w, %gs		/* clears the GS base ... */
	wrmsr				/* ... so put it back */
	movzwl	%di, %edi
	popq	%rax			/* return address */
	pushq	%rdi			/* new CS */
	pushq	%rax
	lretq
