/* The kernel's identity as uname(2) and /proc/version give it: Linux's
   name and a release programs accept (glibc checks it). */
#pragma once

#define KERNEL_SYSNAME	"Linux"
#define KERNEL_RELEASE	"6.1.0"
#define KERNEL_VERSION	"#1 SMP UEFI x86_64 kernel"
