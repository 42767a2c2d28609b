/* sanitizer-cli.c — full allocation stacks for the command line under AddressSanitizer
 *
 * Copyright 2026 The NPC Pathway authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * cairo 1.16 loses a few buffers while it subsets CID-keyed CFF fonts (Noto Sans CJK) as a PDF
 * surface is finished, so every Chinese report leaks 2 KiB inside cairo_surface_finish().
 * cairo has no frame pointers: with the fast unwinder the report's stack ends in libcairo, and
 * only a suppression of all of libcairo would silence it. The command line is short-lived, so
 * it records whole stacks (the slow unwinder), and build-aux/lsan.supp names that one call.
 * Linked into npc-pathway-cli only when AddressSanitizer is on; empty otherwise.
 */

#if defined(__SANITIZE_ADDRESS__)

const char *__asan_default_options (void);

const char *
__asan_default_options (void)
{
  return "fast_unwind_on_malloc=0";
}

#endif
