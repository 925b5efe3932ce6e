/* Needs libresolv.so.2: compresses and expands a domain name, no network. */
#include <resolv.h>
#include "corpus.h"
int main(int argc, char **argv)
{
    unsigned char packed[256];
    char name[256];
    corpus_version(argc, argv);
    int length = dn_comp("flatcar.example.org", packed, sizeof packed, NULL, NULL);
    int used = dn_expand(packed, packed + length, packed, name, sizeof name);
    printf("packed %d bytes, expanded %d: %s\n", length, used, name);
    return 0;
}
