/* Needs libstdc++.so.6 (and so libgcc_s.so.1): __cxa_demangle is its C entry point. */
#include <stdlib.h>
#include "corpus.h"
char *__cxa_demangle(const char *name, char *buffer, size_t *length, int *status);
int main(int argc, char **argv)
{
    int status = 0;
    corpus_version(argc, argv);
    char *name = __cxa_demangle("_ZN4flix6corpus5hello3runEPKci", NULL, NULL, &status);
    printf("demangled %s (%d)\n", name ? name : "?", status);
    free(name);
    return 0;
}
