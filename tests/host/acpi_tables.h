/*
 * Helpers for the ACPI host tests (test_madt.c, test_acpi.c): the tables
 * captured from QEMU (data/, see data/capture.py), loaded into heap
 * buffers of exactly their size, and tables built byte by byte. ASan
 * then reports any read past a table's end.
 */
#pragma once

#include <stdint.h>

#include "acpi.h"
#include "check.h"

#ifndef ACPI_DATA
#define ACPI_DATA	"tests/host/data"
#endif

#define HDR		36	/* sizeof(struct acpi_header) */

_Static_assert(sizeof(struct acpi_header) == HDR, "ACPI header");

/* An exact-size heap copy of the table in buf[0, len): its length field
   set to len and its checksum fixed. Free with free(). */
static inline struct acpi_header *table_copy(const void *buf, uint32_t len)
{
	uint8_t *p = malloc(len ? len : 1);
	uint8_t sum = 0;
	uint32_t i;

	memcpy(p, buf, len);
	if (len >= HDR) {
		memcpy(p + 4, &len, 4);
		p[9] = 0;
		for (i = 0; i < len; i++)
			sum += p[i];
		p[9] = -sum;
	}
	return (struct acpi_header *)p;
}

/* A captured table, exactly as it was (*len set to its size). */
static inline struct acpi_header *load(const char *name, uint32_t *len)
{
	char path[512];
	FILE *f;
	long n;
	uint8_t *p;

	snprintf(path, sizeof(path), "%s/%s", ACPI_DATA, name);
	f = fopen(path, "rb");
	if (!f) {
		check_fail(__FILE__, __LINE__, "cannot open %s", path);
		exit(1);
	}
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	p = malloc(n);
	if (fread(p, 1, n, f) != (size_t)n) {
		check_fail(__FILE__, __LINE__, "cannot read %s", path);
		exit(1);
	}
	fclose(f);
	if (len)
		*len = n;
	return (struct acpi_header *)p;
}

/* A table under construction. */
struct tb {
	uint8_t b[8192];
	uint32_t n;
};

static inline void tb_begin(struct tb *t, const char *sig)
{
	memset(t, 0, sizeof(*t));
	memcpy(t->b, sig, 4);
	t->b[8] = 3;			/* revision */
	memcpy(t->b + 10, "HOSTTS", 6);
	t->n = HDR;
}

static inline void tb_bytes(struct tb *t, const void *p, uint32_t n)
{
	if (t->n + n > sizeof(t->b)) {
		fprintf(stderr, "tb_bytes: table too big\n");
		abort();
	}
	memcpy(t->b + t->n, p, n);
	t->n += n;
}

#define TB(t, ...)	tb_bytes((t), (const uint8_t[]){ __VA_ARGS__ }, \
				 sizeof((const uint8_t[]){ __VA_ARGS__ }))

static inline void tb_u16(struct tb *t, uint16_t v)
{
	tb_bytes(t, &v, 2);
}

static inline void tb_u32(struct tb *t, uint32_t v)
{
	tb_bytes(t, &v, 4);
}

static inline void tb_u64(struct tb *t, uint64_t v)
{
	tb_bytes(t, &v, 8);
}

static inline struct acpi_header *tb_table(const struct tb *t)
{
	return table_copy(t->b, t->n);
}
