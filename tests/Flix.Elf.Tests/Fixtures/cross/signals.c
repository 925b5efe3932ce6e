#include <setjmp.h>
#include <signal.h>
#include "corpus.h"
static jmp_buf back;
static volatile sig_atomic_t caught;
static void handler(int signal) { caught = signal; longjmp(back, 7); }
int main(int argc, char **argv)
{
    corpus_version(argc, argv);
    signal(SIGUSR1, handler);
    int jumped = setjmp(back);
    if (jumped == 0) raise(SIGUSR1);
    printf("caught signal %d, jumped back with %d\n", caught == SIGUSR1, jumped);
    return 0;
}
