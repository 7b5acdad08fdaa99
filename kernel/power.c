/*
 * Power off through ACPI S5; restart through the FADT's reset register,
 * then the keyboard controller's reset line, then a triple fault (an
 * empty IDT and an interrupt), which resets every PC.
 */
#include "power.h"

#include "acpi.h"
#include "arch/x86_64/cpu.h"
#include "kbd.h"
#include "log.h"
#include "proc.h"
#include "signal.h"
#include "spinlock.h"
#include "string.h"
#include "thread.h"
#include "waitq.h"

static struct spinlock cad_lock = SPINLOCK_INIT("ctrl-alt-del");
static struct waitq cad_wq = WAITQ_INIT(cad_wq);
static int cad_pending;			/* cad_lock */
static int cad_at_once = 1;		/* atomic */

void power_set_ctrl_alt_del(int restart_at_once)
{
	__atomic_store_n(&cad_at_once, restart_at_once, __ATOMIC_RELAXED);
}

void power_ctrl_alt_del(void)
{
	spin_lock(&cad_lock);
	cad_pending = 1;
	spin_unlock(&cad_lock);
	waitq_wake_all(&cad_wq);
}

static void cad_thread(void *arg)
{
	struct ksiginfo info;

	for (;;) {
		spin_lock(&cad_lock);
		while (!cad_pending)
			waitq_wait(&cad_wq, &cad_lock);
		cad_pending = 0;
		spin_unlock(&cad_lock);
		klog(LOG_INFO, "kernel: Ctrl-Alt-Del\n");
		if (__atomic_load_n(&cad_at_once, __ATOMIC_RELAXED))
			power_restart();
		memset(&info, 0, sizeof(info));
		info.code = SI_KERNEL;
		proc_kill(1, SIGINT, &info);
	}
}

void power_init(void)
{
	if (!thread_create("ctrl-alt-del", cad_thread, NULL))
		klog(LOG_WARN, "power: no thread for Ctrl-Alt-Del\n");
}

void power_off(void)
{
	klog(LOG_INFO, "kernel: power off\n");
	log_flush_screen();
	acpi_poweroff();
	klog(LOG_ERR, "kernel: ACPI poweroff failed\n");
	power_halt();
}

void power_restart(void)
{
	static const struct desc_ptr none = { 0, 0 };

	klog(LOG_INFO, "kernel: restarting\n");
	log_flush_screen();
	acpi_reset();
	kbd_reset_cpu();
	klog(LOG_WARN, "kernel: no reset through ACPI or the keyboard "
		       "controller; triple-faulting\n");
	cli();
	lidt(&none);
	__asm__ volatile("int3");
	cpu_halt_forever();
}

void power_halt(void)
{
	klog(LOG_INFO, "kernel: system halted\n");
	log_flush_screen();
	cpu_halt_forever();
}
