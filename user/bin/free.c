/* free [-b|-k|-m|-g|-h]: memory in use and free, from /proc/meminfo,
   in KiB by default, in procps's layout. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "../lib/help.h"

static unsigned long field(const char *text, const char *name)
{
	const char *p = strstr(text, name);
	unsigned long v = 0;

	if (p)
		sscanf(p + strlen(name), " %lu", &v);
	return v;
}

static int shift = 10;			/* bytes >> shift: the unit */
static int human;

static void show(unsigned long kib)
{
	static const char units[] = "KMGT";
	unsigned long long bytes = (unsigned long long)kib << 10;
	int u = 0;
	double v = kib;

	if (!human) {
		printf(" %11llu", bytes >> shift);
		return;
	}
	while (v >= 1024 && u < 3) {
		v /= 1024;
		u++;
	}
	printf(" %10.1f%ci", v, units[u]);
}

int main(int argc, char **argv)
{
	unsigned long total, freem, avail, buffers, cached, shmem, swap, swapfree;
	char text[4096];
	FILE *f;
	size_t n;
	int c;

	help_option(argc, argv, "usage: free [-b|-k|-m|-g|-h]\n"
		"Show memory use (KiB by default).\n");
	while ((c = getopt(argc, argv, "bkmgh")) != -1)
		switch (c) {
		case 'b': shift = 0; break;
		case 'k': shift = 10; break;
		case 'm': shift = 20; break;
		case 'g': shift = 30; break;
		case 'h': human = 1; break;
		default:
			fprintf(stderr, "usage: free [-b|-k|-m|-g|-h]\n");
			return 1;
		}
	if (!(f = fopen("/proc/meminfo", "r"))) {
		perror("free: /proc/meminfo");
		return 1;
	}
	n = fread(text, 1, sizeof(text) - 1, f);
	text[n] = 0;
	fclose(f);
	total = field(text, "MemTotal:");
	freem = field(text, "MemFree:");
	avail = field(text, "MemAvailable:");
	buffers = field(text, "Buffers:");
	cached = field(text, "Cached:");
	shmem = field(text, "Shmem:");
	swap = field(text, "SwapTotal:");
	swapfree = field(text, "SwapFree:");
	printf("%18s%12s%12s%12s%12s%12s\n", "total", "used", "free", "shared",
	       "buff/cache", "available");
	printf("Mem:  ");
	show(total);
	show(total - freem - buffers - cached);
	show(freem);
	show(shmem);
	show(buffers + cached);
	show(avail);
	printf("\nSwap: ");
	show(swap);
	show(swap - swapfree);
	show(swapfree);
	putchar('\n');
	return 0;
}
