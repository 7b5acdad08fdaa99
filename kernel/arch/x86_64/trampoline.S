/*
 * The application processors' first instructions. smp.c copies this blob
 * to a page below 1 MiB and points the startup IPI at it; each AP wakes
 * in 16-bit real mode with CS = page >> 4 and IP = 0, switches to 32-bit
 * protected mode, then to long mode on a small page table (tramp_cr3:
 * low memory identity-mapped plus the kernel's upper half), and jumps to
 * ap_entry64 in the kernel proper. The code is position-independent:
 * every absolute address it needs is either computed from CS or written
 * into the data block at the end by smp.c.
 */
#define CR0_PE		0x00000001
#define CR0_WP		0x00010000
#define CR0_PG		0x80000000
#define CR4_PAE		0x00000020
#define MSR_EFER	0xc0000080

#define SEL_CODE32	0x08
#define SEL_DATA	0x10
#define SEL_CODE64	0x18

#define OFF(x)		((x) - trampoline_start)

	.section .rodata
	.globl	trampoline_start, trampoline_end
	.globl	tramp_gdt_base, tramp_pm_target, tramp_lm_target
	.globl	tramp_cr3, tramp_efer

	.code16
trampoline_start:
	cli
	cld
	movw	%cs, %ax
	movw	%ax, %ds
	movzwl	%ax, %ebx
	shll	$4, %ebx		/* ebx = physical base of this page */
	lgdtl	OFF(tramp_gdt_ptr)
	movl	%cr0, %eax
	orl	$CR0_PE, %eax
	movl	%eax, %cr0
	ljmpl	*OFF(tramp_pm_target)	/* far pointer filled in by smp.c */

	.code32
tramp_pm:				/* at base + OFF(tramp_pm) */
	movw	$SEL_DATA, %ax
	movw	%ax, %ds
	movw	%ax, %es
	movw	%ax, %ss
	movl	%cr4, %eax
	orl	$CR4_PAE, %eax
	movl	%eax, %cr4
	movl	OFF(tramp_cr3)(%ebx), %eax
	movl	%eax, %cr3
	movl	$MSR_EFER, %ecx
	rdmsr
	orl	OFF(tramp_efer)(%ebx), %eax	/* LME, and NXE if the CPU has it */
	wrmsr
	movl	%cr0, %eax
	orl	$(CR0_PG | CR0_WP), %eax
	movl	%eax, %cr0
	ljmpl	*OFF(tramp_lm_target)(%ebx)

	.code64
tramp_lm:
	movw	$SEL_DATA, %ax
	movw	%ax, %ds
	movw	%ax, %es
	movw	%ax, %ss
	movabsq	$ap_entry64, %rax	/* the kernel's half: mapped here too */
	jmpq	*%rax

	.align	16
tramp_gdt:
	.quad	0
	.quad	0x00cf9a000000ffff	/* 0x08: 32-bit code, flat */
	.quad	0x00cf92000000ffff	/* 0x10: data, flat */
	.quad	0x00209a0000000000	/* 0x18: 64-bit code */
tramp_gdt_ptr:
	.word	tramp_gdt_ptr - tramp_gdt - 1
tramp_gdt_base:
	.long	0			/* base + OFF(tramp_gdt) */
	.align	4
tramp_pm_target:
	.long	0			/* base + OFF(tramp_pm) */
	.word	SEL_CODE32
	.align	4
tramp_lm_target:
	.long	0			/* base + OFF(tramp_lm) */
	.word	SEL_CODE64
	.align	4
tramp_cr3:
	.long	0			/* the low page table */
tramp_efer:
	.long	0			/* EFER bits to set */
trampoline_end:

	.globl	tramp_off_gdt, tramp_off_pm, tramp_off_lm
	.align	4
tramp_off_gdt:	.long	OFF(tramp_gdt)
tramp_off_pm:	.long	OFF(tramp_pm)
tramp_off_lm:	.long	OFF(tramp_lm)

/*
 * ap_entry64: in the kernel's text, reached from the trampoline on its
 * page table. Switch to the kernel's own page table and the stack smp.c
 * prepared, and call ap_main(cpu).
 */
	.text
	.globl	ap_entry64
	.type	ap_entry64, @function
ap_entry64:
	movq	ap_boot_cr3(%rip), %rax
	movq	%rax, %cr3
	movq	ap_boot_stack(%rip), %rsp
	movq	ap_boot_cpu(%rip), %rdi
	xorl	%ebp, %ebp		/* end of backtraces */
	call	ap_main			/* never returns */
	ud2
	.size	ap_entry64, . - ap_entry64
