/* The framebuffer: a linear Graphics Output Protocol mode, if any. */
#pragma once

#include <efi.h>

#include "../shared/bootinfo.h"

/* Choose a linear 32-bit mode (the one video=WxH in cmdline names, if
   there is one) and describe it in *fb (format BOOT_FB_NONE when the
   machine has no usable one). */
void gop_setup(struct bootinfo_framebuffer *fb, const char *cmdline);
