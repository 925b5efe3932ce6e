/* libflixcorpus.so.1: a library of the corpus's own, found in the architecture's library folder. */
#include <stdio.h>
int flix_corpus_twice(int n) { return 2 * n; }
const char *flix_corpus_greeting(void) { return "greetings from libflixcorpus"; }
