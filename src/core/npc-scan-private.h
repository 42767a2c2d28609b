/* npc-scan-private.h: the inner loops of reading a batch line, shared by the engine's and the
 * audit's readers.
 *
 * Copyright 2026 The NPC Pathway authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <string.h>

#include <glib.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

G_BEGIN_DECLS

/* A byte that can stand inside a plain string: printable ASCII but for the quote and the
 * backslash. */
static inline gboolean
_npc_scan_is_plain (guchar c)
{
  return c >= 0x20 && c < 0x7f && c != '"' && c != '\\';
}

/* The first byte in [p, end) that cannot stand in a plain string, or `end`: one byte at a
 * time. */
static inline const char *
_npc_scan_plain_bytes (const char *p,
                       const char *end)
{
  while (p < end && _npc_scan_is_plain ((guchar) *p))
    p++;
  return p;
}

/* The same eight bytes at a time, in a 64-bit word. A byte's flag is exact for the lowest
 * byte that is not plain (the borrows of the subtractions only run upwards), which is the only
 * one looked at. */
static inline const char *
_npc_scan_plain_words (const char *p,
                       const char *end)
{
#if G_BYTE_ORDER == G_LITTLE_ENDIAN
  const guint64 ones = G_GUINT64_CONSTANT (0x0101010101010101);
  const guint64 highs = G_GUINT64_CONSTANT (0x8080808080808080);

  while (end - p >= 8)
    {
      guint64 v, q, b, d, m;

      memcpy (&v, p, 8);
      q = v ^ (ones * '"');
      b = v ^ (ones * '\\');
      d = v ^ (ones * 0x7f);
      m = ((q - ones) & ~q) | ((b - ones) & ~b) | ((d - ones) & ~d) |
          ((v - ones * 0x20) & ~v) | v;
      m &= highs;
      if (m != 0)
        return p + (__builtin_ctzll (m) >> 3);
      p += 8;
    }
#endif
  return _npc_scan_plain_bytes (p, end);
}

/* The same sixteen bytes at a time where the processor has SSE2 (every x86-64 one). */
static inline const char *
_npc_scan_plain (const char *p,
                 const char *end)
{
#if defined(__SSE2__)
  const __m128i quote = _mm_set1_epi8 ('"');
  const __m128i backslash = _mm_set1_epi8 ('\\');
  const __m128i del = _mm_set1_epi8 (0x7f);
  /* signed: below 0x20 are the control bytes and every byte from 0x80 */
  const __m128i space = _mm_set1_epi8 (0x20);

  while (end - p >= 16)
    {
      __m128i v = _mm_loadu_si128 ((const __m128i *) (gconstpointer) p);
      __m128i m = _mm_or_si128 (_mm_or_si128 (_mm_cmpeq_epi8 (v, quote),
                                              _mm_cmpeq_epi8 (v, backslash)),
                                _mm_or_si128 (_mm_cmplt_epi8 (v, space),
                                              _mm_cmpeq_epi8 (v, del)));
      unsigned bits = (unsigned) _mm_movemask_epi8 (m);

      if (bits != 0)
        return p + __builtin_ctz (bits);
      p += 16;
    }
#endif
  return _npc_scan_plain_words (p, end);
}

/* Whitespace as JSON has it, from p: the common single space at once. */
static inline const char *
_npc_scan_ws (const char *p,
              const char *end)
{
  if (p < end && (guchar) *p > ' ')
    return p;
  /* one space, as after a writer's ", " and ": " */
  if (end - p >= 2 && p[0] == ' ' && (guchar) p[1] > ' ')
    return p + 1;
  while (p < end && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n'))
    p++;
  return p;
}

G_END_DECLS
