#include <math.h>
#include "corpus.h"
int main(int argc, char **argv)
{
    volatile double x = 2.0 + argc;
    corpus_version(argc, argv);
    printf("sqrt %.6f pow %.6f sin %.6f\n", sqrt(x), pow(x, 1.5), sin(x));
    return 0;
}
