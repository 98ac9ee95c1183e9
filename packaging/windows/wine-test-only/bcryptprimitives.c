/* Test only, never shipped: Wine 8 (Debian 12) has no bcryptprimitives.dll, whose ProcessPrng every
 * program built by Rust >= 1.78 imports for its random numbers. Real Windows 10 and 11 have it. This
 * stand-in, copied into the Wine prefix's system32 by tools/windows.sh, answers from RtlGenRandom, which
 * Wine has. */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len) {
    while (len > 0) {
        ULONG chunk = len > 0x10000000 ? 0x10000000 : (ULONG)len;
        if (!SystemFunction036(data, chunk)) return FALSE;
        data += chunk;
        len -= chunk;
    }
    return TRUE;
}
