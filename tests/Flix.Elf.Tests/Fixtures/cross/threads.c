#include <pthread.h>
#include "corpus.h"
static void *square(void *arg) { long n = (long)arg; return (void *)(n * n); }
int main(int argc, char **argv)
{
    pthread_t threads[4];
    long sum = 0;
    corpus_version(argc, argv);
    for (long i = 0; i < 4; i++) pthread_create(&threads[i], NULL, square, (void *)(i + argc));
    for (int i = 0; i < 4; i++) { void *r; pthread_join(threads[i], &r); sum += (long)r; }
    printf("sum of squares %ld\n", sum);
    return 0;
}
