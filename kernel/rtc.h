/* The CMOS real-time clock: the wall-clock time at boot. */
#pragma once

#include <stdint.h>

#include "clock.h"

/* Read the RTC (waiting out an update in progress). century_reg is the
   FADT's CMOS index of the century, 0 if none. Returns 0 or -EIO. */
int rtc_read(struct rtc_time *t, uint8_t century_reg);
