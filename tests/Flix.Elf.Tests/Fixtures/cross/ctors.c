#include <stdlib.h>
#include "corpus.h"
static int order[4], next;
__attribute__((constructor(200))) static void first(void) { order[next++] = 1; }
__attribute__((constructor(300))) static void second(void) { order[next++] = 2; }
static void at_exit(void) { printf("exiting after %d constructors\n", next); }
int main(int argc, char **argv)
{
    corpus_version(argc, argv);
    atexit(at_exit);
    printf("constructors ran in order %d %d\n", order[0], order[1]);
    return 0;
}
