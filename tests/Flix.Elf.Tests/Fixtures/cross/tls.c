#include <pthread.h>
#include "corpus.h"
static __thread int counter = 5;
static void *count(void *arg) { for (int i = 0; i < 10; i++) counter++; *(int *)arg = counter; return NULL; }
int main(int argc, char **argv)
{
    int theirs = 0;
    pthread_t thread;
    corpus_version(argc, argv);
    pthread_create(&thread, NULL, count, &theirs);
    pthread_join(thread, NULL);
    printf("thread-local: mine %d, theirs %d\n", counter, theirs);
    return 0;
}
