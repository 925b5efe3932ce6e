/* Shared by the programs of the cross-compiled ELF corpus: each answers --version with a line naming it and the
   build variant (PROGRAM and VARIANT come from the build), then prints what it computed; nothing depends on where
   it runs from, so the original and the patched program print the same. */
#include <stdio.h>
#include <string.h>

static int corpus_version(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "--version") == 0) {
        printf("%s (flix cross corpus, %s) 1.0\n", PROGRAM, VARIANT);
        return 1;
    }
    return 0;
}
