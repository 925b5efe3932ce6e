/* The program the toolchain tests build (gcc and musl-gcc; PIE, non-PIE, static, static-pie) and patch. */
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv)
{
    printf("hello from a patched program: %d argument(s), %zu bytes in the first\n", argc - 1, argc > 1 ? strlen(argv[1]) : 0);
    return 0;
}
