/* strerror.c -- the message of an error code (string.h). */
#include <errno.h>
#include <string.h>

char *strerror(int code)
{
    if (code < 0)
        code = -code;
    switch (code) {
#define K32_MESSAGE(name, text) case name: return text;
    K32_ERRNO_MESSAGES(K32_MESSAGE)
    case EDOM: return "numerical argument out of domain";
    case ERANGE: return "numerical result out of range";
    }
    return "unknown error";
}
