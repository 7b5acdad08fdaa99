/*
 * CMOS RTC (MC146818). Registers are read twice until two reads agree,
 * so an update in the middle of reading cannot tear the time; values may
 * be BCD or binary and the hour 12- or 24-hour, as status register B says.
 */
#include "rtc.h"

#include "arch/x86_64/cpu.h"
#include "errno.h"
#include "string.h"

#define CMOS_INDEX	0x70
#define CMOS_DATA	0x71
#define CMOS_NMI_OFF	0x80	/* keep NMIs off while indexing */
#define RTC_SECONDS	0x00
#define RTC_MINUTES	0x02
#define RTC_HOURS	0x04
#define RTC_DAY		0x07
#define RTC_MONTH	0x08
#define RTC_YEAR	0x09
#define RTC_STATUS_A	0x0a
#define RTC_STATUS_B	0x0b
#define STATUS_A_UIP	0x80	/* update in progress */
#define STATUS_B_24H	0x02
#define STATUS_B_BINARY	0x04
#define HOUR_PM		0x80
#define MAX_TRIES	1000

static uint8_t cmos(uint8_t reg)
{
	outb(CMOS_INDEX, CMOS_NMI_OFF | reg);
	return inb(CMOS_DATA);
}

static void read_raw(uint8_t r[8], uint8_t century_reg)
{
	r[0] = cmos(RTC_SECONDS);
	r[1] = cmos(RTC_MINUTES);
	r[2] = cmos(RTC_HOURS);
	r[3] = cmos(RTC_DAY);
	r[4] = cmos(RTC_MONTH);
	r[5] = cmos(RTC_YEAR);
	r[6] = century_reg ? cmos(century_reg) : 0;
	r[7] = 0;
}

static int bcd(int v)
{
	return (v & 0xf) + (v >> 4) * 10;
}

int rtc_read(struct rtc_time *t, uint8_t century_reg)
{
	uint8_t a[8], b[8], status;
	int i, pm;

	for (i = 0; i < MAX_TRIES; i++) {
		while (cmos(RTC_STATUS_A) & STATUS_A_UIP && ++i < MAX_TRIES)
			cpu_relax();
		read_raw(a, century_reg);
		read_raw(b, century_reg);
		if (memcmp(a, b, sizeof(a)) == 0)
			break;
	}
	if (i >= MAX_TRIES)
		return -EIO;
	status = cmos(RTC_STATUS_B);
	pm = !(status & STATUS_B_24H) && (a[2] & HOUR_PM);
	a[2] &= ~HOUR_PM;
	if (!(status & STATUS_B_BINARY))
		for (i = 0; i < 7; i++)
			a[i] = bcd(a[i]);
	if (!(status & STATUS_B_24H))
		a[2] = a[2] % 12 + (pm ? 12 : 0);
	t->second = a[0];
	t->minute = a[1];
	t->hour = a[2];
	t->day = a[3];
	t->month = a[4];
	t->year = century_reg ? a[6] * 100 + a[5] : 2000 + a[5];
	return 0;
}
