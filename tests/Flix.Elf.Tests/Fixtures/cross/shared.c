#include "corpus.h"
int flix_corpus_twice(int n);
const char *flix_corpus_greeting(void);
int main(int argc, char **argv)
{
    corpus_version(argc, argv);
    printf("%s: %d\n", flix_corpus_greeting(), flix_corpus_twice(21));
    return 0;
}
