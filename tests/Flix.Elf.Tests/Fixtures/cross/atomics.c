/* Needs libatomic.so.1: a 16-byte atomic that most architectures do in the library. */
#include <stdatomic.h>
#include "corpus.h"
struct pair { long a, b; };
int main(int argc, char **argv)
{
    _Atomic struct pair value = {0};
    corpus_version(argc, argv);
    struct pair next = {argc, 42};
    atomic_store(&value, next);
    struct pair read = atomic_load(&value);
    printf("atomic pair %ld %ld\n", read.a, read.b);
    return 0;
}
