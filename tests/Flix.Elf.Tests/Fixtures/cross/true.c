#include "corpus.h"
int main(int argc, char **argv) { corpus_version(argc, argv); return 0; }
