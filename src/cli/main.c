/* ofsted-tui: everything lives in the library; see cli.c. */
#include "config.h"

#include <locale.h>

#include "cli.h"

int main(int argc, char **argv)
{
    setlocale(LC_ALL, "");
    return ot_cli_main(argc, argv);
}
