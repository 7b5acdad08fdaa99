/* hello: the smallest user program: printf through musl to the console. */
#include <stdio.h>

int main(void)
{
	printf("hello, world\n");
	return 0;
}
