/*
 * The undefined-behaviour sanitizer's runtime, for kernels built with
 * SANITIZE=1 (clang -fsanitize=undefined). Clang puts a check before
 * each operation that can be undefined (signed overflow, shifts, array
 * bounds, misaligned or null accesses, pointer wrap-around, ...) and
 * calls one of the handlers below with a static description of the site
 * when the check fails. Each handler reports the kind, the file, line
 * and column, and the values, then panics: an undefined operation in the
 * kernel is a broken invariant like any other.
 *
 * The structures are clang's (compiler-rt's ubsan_handlers.h); values
 * come as "handles": the value itself when it fits in 64 bits, else a
 * pointer to it. This file is built without the sanitizer (Makefile), so
 * the runtime never checks itself.
 *
 * ubsan_catch() lets the self-test provoke reports: while it is on, a
 * report is kept for ubsan_caught() instead of panicking.
 */
#include "ubsan.h"

#include <stdint.h>

#include "panic.h"
#include "printf.h"
#include "string.h"

struct source_location {
	const char *file;
	uint32_t line;
	uint32_t column;
};

#define TYPE_KIND_INT	0

struct type_descriptor {
	uint16_t kind;		/* TYPE_KIND_INT, 1 float, 0xffff other */
	uint16_t info;		/* int: bit 0 signed, bits 1+ log2(width) */
	char name[];		/* e.g. "'int'", quoted */
};

struct type_mismatch_data {
	struct source_location loc;
	const struct type_descriptor *type;
	uint8_t log_alignment;
	uint8_t type_check_kind;
};

struct overflow_data {
	struct source_location loc;
	const struct type_descriptor *type;
};

struct shift_data {
	struct source_location loc;
	const struct type_descriptor *lhs_type;
	const struct type_descriptor *rhs_type;
};

struct out_of_bounds_data {
	struct source_location loc;
	const struct type_descriptor *array_type;
	const struct type_descriptor *index_type;
};

struct location_data {		/* unreachable, pointer overflow */
	struct source_location loc;
};

struct invalid_value_data {	/* load of a bad bool or enum, VLA bound */
	struct source_location loc;
	const struct type_descriptor *type;
};

struct invalid_builtin_data {
	struct source_location loc;
	uint8_t kind;		/* 0 ctz, 1 clz */
};

struct nonnull_arg_data {
	struct source_location loc;
	struct source_location attr_loc;
	int arg_index;
};

/* --- reports --- */

static int catching;
static char caught[UBSAN_REPORT_MAX];

void ubsan_catch(int on)
{
	catching = on;
	if (on)
		caught[0] = '\0';
}

const char *ubsan_caught(void)
{
	return caught;
}

__attribute__((format(printf, 3, 4)))
static void report(const struct source_location *loc, const char *kind,
		   const char *fmt, ...)
{
	char what[160];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	if (catching) {
		snprintf(caught, sizeof(caught), "%s at %s:%u:%u: %s", kind,
			 loc->file, loc->line, loc->column, what);
		return;
	}
	panic("ubsan: %s at %s:%u:%u: %s", kind, loc->file, loc->line,
	      loc->column, what);
}

static int type_signed(const struct type_descriptor *t)
{
	return t->kind == TYPE_KIND_INT && (t->info & 1);
}

static unsigned type_bits(const struct type_descriptor *t)
{
	return 1u << (t->info >> 1);
}

/* A handle as text: decimal for integers up to 64 bits. */
static const char *value(const struct type_descriptor *t, uintptr_t v,
			 char *buf, size_t n)
{
	unsigned bits = type_bits(t);

	if (t->kind != TYPE_KIND_INT || bits > 64) {
		snprintf(buf, n, "(a %s)", t->name);
	} else if (type_signed(t)) {
		int64_t s = (int64_t)(v << (64 - bits)) >> (64 - bits);
		snprintf(buf, n, "%lld", (long long)s);
	} else {
		snprintf(buf, n, "%llu", (unsigned long long)v);
	}
	return buf;
}

/* --- the handlers --- */

/* Called only by compiled-in checks; declared here for the warnings. */
void __ubsan_handle_type_mismatch_v1(struct type_mismatch_data *d,
				     uintptr_t ptr);
void __ubsan_handle_add_overflow(struct overflow_data *d, uintptr_t a,
				 uintptr_t b);
void __ubsan_handle_sub_overflow(struct overflow_data *d, uintptr_t a,
				 uintptr_t b);
void __ubsan_handle_mul_overflow(struct overflow_data *d, uintptr_t a,
				 uintptr_t b);
void __ubsan_handle_negate_overflow(struct overflow_data *d, uintptr_t a);
void __ubsan_handle_divrem_overflow(struct overflow_data *d, uintptr_t a,
				    uintptr_t b);
void __ubsan_handle_shift_out_of_bounds(struct shift_data *d, uintptr_t a,
					uintptr_t b);
void __ubsan_handle_out_of_bounds(struct out_of_bounds_data *d,
				  uintptr_t i);
void __ubsan_handle_pointer_overflow(struct location_data *d,
				     uintptr_t base, uintptr_t result);
void __ubsan_handle_load_invalid_value(struct invalid_value_data *d,
				       uintptr_t v);
void __ubsan_handle_vla_bound_not_positive(struct invalid_value_data *d,
					   uintptr_t v);
void __ubsan_handle_invalid_builtin(struct invalid_builtin_data *d);
void __ubsan_handle_nonnull_arg(struct nonnull_arg_data *d);
void __ubsan_handle_nonnull_return_v1(struct location_data *d,
				      struct source_location *where);
__attribute__((noreturn))
void __ubsan_handle_builtin_unreachable(struct location_data *d);
__attribute__((noreturn))
void __ubsan_handle_missing_return(struct location_data *d);

static const char *const check_kinds[] = {
	"load of", "store to", "reference binding to", "member access within",
	"member call on", "constructor call on", "downcast of", "downcast of",
	"upcast of", "cast to virtual base of", "_Nonnull binding to",
	"dynamic operation on",
};

void __ubsan_handle_type_mismatch_v1(struct type_mismatch_data *d,
				     uintptr_t ptr)
{
	const char *op = d->type_check_kind < 12 ?
		check_kinds[d->type_check_kind] : "access of";
	uintptr_t align = (uintptr_t)1 << d->log_alignment;

	if (ptr == 0)
		report(&d->loc, "null pointer", "%s a null pointer of type %s",
		       op, d->type->name);
	else if (align && (ptr & (align - 1)))
		report(&d->loc, "misaligned access",
		       "%s address %p, which needs %lu-byte alignment for %s",
		       op, (void *)ptr, (unsigned long)align, d->type->name);
	else
		report(&d->loc, "object too small",
		       "%s address %p, with too little space for %s",
		       op, (void *)ptr, d->type->name);
}

static void overflow(struct overflow_data *d, uintptr_t a, uintptr_t b,
		     char op)
{
	char x[32], y[32];

	report(&d->loc, type_signed(d->type) ? "signed integer overflow" :
	       "unsigned integer overflow", "%s %c %s cannot be represented "
	       "in type %s", value(d->type, a, x, sizeof(x)), op,
	       value(d->type, b, y, sizeof(y)), d->type->name);
}

void __ubsan_handle_add_overflow(struct overflow_data *d, uintptr_t a,
				 uintptr_t b)
{
	overflow(d, a, b, '+');
}

void __ubsan_handle_sub_overflow(struct overflow_data *d, uintptr_t a,
				 uintptr_t b)
{
	overflow(d, a, b, '-');
}

void __ubsan_handle_mul_overflow(struct overflow_data *d, uintptr_t a,
				 uintptr_t b)
{
	overflow(d, a, b, '*');
}

void __ubsan_handle_negate_overflow(struct overflow_data *d, uintptr_t a)
{
	char x[32];

	report(&d->loc, "signed integer overflow", "negation of %s cannot be "
	       "represented in type %s", value(d->type, a, x, sizeof(x)),
	       d->type->name);
}

void __ubsan_handle_divrem_overflow(struct overflow_data *d, uintptr_t a,
				    uintptr_t b)
{
	char x[32];

	if (b == 0)
		report(&d->loc, "division by zero", "%s / 0",
		       value(d->type, a, x, sizeof(x)));
	else
		report(&d->loc, "signed integer overflow", "%s / -1 cannot be "
		       "represented in type %s",
		       value(d->type, a, x, sizeof(x)), d->type->name);
}

void __ubsan_handle_shift_out_of_bounds(struct shift_data *d, uintptr_t a,
					uintptr_t b)
{
	char x[32], y[32];

	value(d->lhs_type, a, x, sizeof(x));
	value(d->rhs_type, b, y, sizeof(y));
	if ((type_signed(d->rhs_type) && y[0] == '-') ||
	    b >= type_bits(d->lhs_type))
		report(&d->loc, "shift out of bounds", "shift exponent %s is "
		       "too large or negative for type %s", y,
		       d->lhs_type->name);
	else
		report(&d->loc, "shift out of bounds", "%s << %s cannot be "
		       "represented in type %s", x, y, d->lhs_type->name);
}

void __ubsan_handle_out_of_bounds(struct out_of_bounds_data *d, uintptr_t i)
{
	char x[32];

	report(&d->loc, "index out of bounds", "index %s is out of range for "
	       "type %s", value(d->index_type, i, x, sizeof(x)),
	       d->array_type->name);
}

void __ubsan_handle_pointer_overflow(struct location_data *d,
				     uintptr_t base, uintptr_t result)
{
	report(&d->loc, "pointer overflow", "%p + offset wraps to %p",
	       (void *)base, (void *)result);
}

void __ubsan_handle_load_invalid_value(struct invalid_value_data *d,
				       uintptr_t v)
{
	char x[32];

	report(&d->loc, "invalid value", "load of value %s, which is not "
	       "valid for type %s", value(d->type, v, x, sizeof(x)),
	       d->type->name);
}

void __ubsan_handle_vla_bound_not_positive(struct invalid_value_data *d,
					   uintptr_t v)
{
	char x[32];

	report(&d->loc, "variable-length array bound", "bound %s is not "
	       "positive", value(d->type, v, x, sizeof(x)));
}

void __ubsan_handle_invalid_builtin(struct invalid_builtin_data *d)
{
	report(&d->loc, "invalid builtin", "passing zero to %s",
	       d->kind ? "clz()" : "ctz()");
}

void __ubsan_handle_nonnull_arg(struct nonnull_arg_data *d)
{
	report(&d->loc, "null argument", "null passed as argument %d, which "
	       "is declared never null", d->arg_index);
}

void __ubsan_handle_nonnull_return_v1(struct location_data *d,
				      struct source_location *where)
{
	report(where, "null return", "null returned from a function declared "
	       "never to return null");
}

/* Reaching these is never recoverable: panic even while catching. */
void __ubsan_handle_builtin_unreachable(struct location_data *d)
{
	panic("ubsan: unreachable code reached at %s:%u:%u", d->loc.file,
	      d->loc.line, d->loc.column);
}

void __ubsan_handle_missing_return(struct location_data *d)
{
	panic("ubsan: end of a value-returning function reached at %s:%u:%u",
	      d->loc.file, d->loc.line, d->loc.column);
}
