/*
 * Time keeping. The TSC is the clock: constant-rate on every CPU this
 * kernel targets (and on QEMU), and cheap to read. time_ns() scales TSC
 * cycles since boot with clock.c's multiply-and-shift.
 */
#include "time.h"

#include "acpi.h"
#include "acpi_parse.h"
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/percpu.h"
#include "clock.h"
#include "errno.h"
#include "log.h"
#include "panic.h"
#include "rtc.h"
#include "sched.h"
#include "uaccess.h"

/* Written once at boot: */
static struct clock_scale tsc_to_ns;
static uint64_t tsc_base;
static uint64_t boot_realtime_ns;

void time_init_clock(uint64_t tsc_hz)
{
	tsc_base = rdtsc();
	if (clock_scale_init(&tsc_to_ns, tsc_hz, NSEC_PER_SEC))
		panic("time_init_clock: TSC frequency %lu unusable", tsc_hz);
}

uint64_t time_ns(void)
{
	return clock_scale_apply(&tsc_to_ns, rdtsc() - tsc_base);
}

void time_init_realtime(void)
{
	const struct fadt_info *f = acpi_fadt();
	struct rtc_time t;
	int64_t secs;

	if (rtc_read(&t, f ? f->century : 0) || (secs = rtc_to_unix(&t)) < 0) {
		klog(LOG_WARN, "time: no valid RTC time; the clock starts at 1970\n");
		return;
	}
	boot_realtime_ns = secs * NSEC_PER_SEC - time_ns();
	klog(LOG_INFO, "time: %04d-%02d-%02d %02d:%02d:%02d UTC from the RTC\n",
	     t.year, t.month, t.day, t.hour, t.minute, t.second);
}

uint64_t time_realtime_ns(void)
{
	return boot_realtime_ns + time_ns();
}

void time_tick(int user)
{
	sched_tick(user);
	if (this_cpu()->id == 0)
		log_tick();
}

long time_deadline_from_user(uint64_t req, int abs_realtime, int absolute,
			     uint64_t *deadline)
{
	struct timespec_user ts;
	uint64_t ns;

	if (copy_from_user(&ts, req, sizeof(ts)))
		return -EFAULT;
	if (ts.tv_sec < 0 || ts.tv_nsec < 0 || ts.tv_nsec >= (int64_t)NSEC_PER_SEC)
		return -EINVAL;
	ns = ts.tv_sec > (int64_t)(UINT64_MAX / NSEC_PER_SEC / 4) ? UINT64_MAX / 4 :
	     ts.tv_sec * NSEC_PER_SEC + ts.tv_nsec;
	if (!absolute) {
		*deadline = time_ns() + ns;
	} else if (abs_realtime) {
		uint64_t now = time_realtime_ns();

		*deadline = time_ns() + (ns > now ? ns - now : 0);
	} else {
		*deadline = ns;
	}
	return 0;
}
