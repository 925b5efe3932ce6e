/* Large initialised and zeroed data, so the data segments span several pages. */
#include <stdlib.h>
#include "corpus.h"
static unsigned int table[96 * 1024] = {1, 2, 3};
static unsigned char zeroes[300 * 1024];
static const char text[64 * 1024] = "read-only data";
static int compare(const void *a, const void *b) { return (int)(*(const unsigned *)a) - (int)(*(const unsigned *)b); }
int main(int argc, char **argv)
{
    unsigned long sum = 0;
    corpus_version(argc, argv);
    for (unsigned i = 3; i < 96 * 1024; i++) table[i] = (i * 2654435761u) >> 16;
    qsort(table, 1024, sizeof table[0], compare);
    for (unsigned i = 0; i < 96 * 1024; i++) sum += table[i] + zeroes[i];
    printf("%s: sum %lu, smallest %u\n", text, sum, table[0]);
    return 0;
}
