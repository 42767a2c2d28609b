/* sanitizer-glib.c — tell LeakSanitizer about GLib's one intended leak
 *
 * Copyright 2026 The NPC Pathway authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GLib keeps its quarks in an array of 2048 entries and, to let lookups go without a lock,
 * never frees an array it outgrows: a process with more than 2048 quarks (a GTK window with
 * the Adwaita style sheet gets there) leaves the first 16 KiB array unreachable, and leak
 * detection reports it. GLib is built without frame pointers, so the report's stack ends in
 * g_malloc and no suppression can name the allocation without the slow unwinder.
 *
 * Built into the UI tests only when AddressSanitizer is on: before main(), find the live
 * quark array through GLib's own data (the word whose heap block holds this quark's string
 * at the quark's index) and mark that block, and only that block, as not a leak. Every
 * other allocation is checked as before. Arrays grown later (past 4096 quarks) are not
 * covered and would be reported, as they should be until someone looks.
 */

#define _GNU_SOURCE 1

#include <glib.h>

#if defined(__SANITIZE_ADDRESS__)

#include <link.h>
#include <string.h>

/* The sanitizer runtime's interface (GCC ships no header for it). */
int    __sanitizer_get_ownership (const volatile void *p);
size_t __sanitizer_get_allocated_size (const volatile void *p);
void   __lsan_ignore_object (const void *p);

#define QUARK_BLOCK_SIZE 2048

typedef struct
{
  GQuark quark;
  const char *string;
  gboolean found;
} QuarkSearch;

static int
search_object (struct dl_phdr_info *info,
               size_t               size,
               void                *data)
{
  QuarkSearch *search = data;

  (void) size;
  if (info->dlpi_name == NULL || strstr (info->dlpi_name, "libglib-2.0.so") == NULL)
    return 0;

  for (int i = 0; i < info->dlpi_phnum && !search->found; i++)
    {
      const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
      const void *const *word;
      const void *const *end;

      if (ph->p_type != PT_LOAD || (ph->p_flags & PF_W) == 0)
        continue;
      word = (const void *const *) (info->dlpi_addr + ph->p_vaddr);
      end = (const void *const *) (info->dlpi_addr + ph->p_vaddr + ph->p_memsz);
      for (; word < end; word++)
        {
          const char *const *block = (const char *const *) *word;

          if (block == NULL || !__sanitizer_get_ownership (block)
              || __sanitizer_get_allocated_size (block) != QUARK_BLOCK_SIZE * sizeof (char *))
            continue;
          if (block[search->quark] != search->string)
            continue;
          __lsan_ignore_object (block);
          search->found = TRUE;
          break;
        }
    }
  return search->found;
}

__attribute__((constructor)) static void
ignore_first_quark_block (void)
{
  QuarkSearch search = { 0, };

  search.quark = g_quark_from_static_string ("npc-test-first-quark-block");
  search.string = g_quark_to_string (search.quark);
  if (search.quark >= QUARK_BLOCK_SIZE)
    return;
  dl_iterate_phdr (search_object, &search);
  if (!search.found)
    g_printerr ("sanitizer-glib: GLib's quark array was not found; "
                "its intended leak may be reported\n");
}

#endif
