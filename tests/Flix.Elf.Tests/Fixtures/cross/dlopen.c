#include <dlfcn.h>
#include "corpus.h"
int main(int argc, char **argv)
{
    corpus_version(argc, argv);
    void *libm = dlopen("libm.so.6", RTLD_NOW);
    if (libm == NULL) { printf("dlopen failed\n"); return 3; }
    double (*cosine)(double) = (double (*)(double))dlsym(libm, "cos");
    printf("cos(0) %.3f\n", cosine ? cosine(0.0) : -1.0);
    return dlclose(libm);
}
