#include "corpus.h"
int main(int argc, char **argv)
{
    corpus_version(argc, argv);
    printf("hello, %d arguments\n", argc);
    return 0;
}
