/*
 * Loader output through the firmware's ConOut, which OVMF and most PCs
 * send to the screen (and to serial where there is one). Only valid
 * before ExitBootServices.
 */
#pragma once

#include <efi.h>

void con_init(EFI_SYSTEM_TABLE *st);
void con_printf(const char *fmt, ...);

/* Print "loader: error: <message>" and the status, in red. */
void con_error(EFI_STATUS status, const char *fmt, ...);

/* A short English name for an EFI status. */
const char *efi_status_str(EFI_STATUS status);
