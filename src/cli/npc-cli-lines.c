/* npc-cli-lines.c — the lines of a stream, worked on by several threads, finished in order
 *
 * Copyright 2026 The NPC Pathway authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The reading thread cuts the stream into blocks of lines and queues them; the workers take
 * a block each and work on its lines; the reading thread finishes the oldest block once it
 * is worked on, so the output keeps the input's order. At most 2 × jobs blocks are out at a
 * time: memory does not grow with the stream.
 */
#define G_LOG_DOMAIN "npc-cli"

#include "config.h"

#include <string.h>

#include "npc-cli-lines.h"

#define BLOCK_LINES 256
#define BLOCK_BYTES (256 * 1024)

typedef struct
{
  GByteArray *bytes;   /* the lines' text, one after another */
  GArray *lines;       /* NpcCliLine; `text` set once the block is full */
  gpointer *results;
  gboolean worked;
} Block;

typedef struct
{
  GMutex lock;
  GCond cond;
  GQueue todo;         /* Block*, for the workers */
  gboolean quit;
  NpcCliLineWork work;
  gpointer user_data;
} Pool;

static Block *
block_new (void)
{
  Block *b = g_new0 (Block, 1);

  b->bytes = g_byte_array_new ();
  b->lines = g_array_new (FALSE, FALSE, sizeof (NpcCliLine));
  return b;
}

static void
block_free (Block *b)
{
  g_byte_array_unref (b->bytes);
  g_array_unref (b->lines);
  g_free (b->results);
  g_free (b);
}

static gpointer
worker (gpointer data)
{
  Pool *pool = data;

  for (;;)
    {
      Block *b;

      g_mutex_lock (&pool->lock);
      while (g_queue_is_empty (&pool->todo) && !pool->quit)
        g_cond_wait (&pool->cond, &pool->lock);
      b = g_queue_pop_head (&pool->todo);
      g_mutex_unlock (&pool->lock);
      if (b == NULL)
        return NULL;

      for (guint i = 0; i < b->lines->len; i++)
        b->results[i] = pool->work (&g_array_index (b->lines, NpcCliLine, i), pool->user_data);

      g_mutex_lock (&pool->lock);
      b->worked = TRUE;
      g_cond_broadcast (&pool->cond);
      g_mutex_unlock (&pool->lock);
    }
}

/* Finishes the oldest block out, waiting for it to be worked on. */
static void
finish_oldest (Pool          *pool,
               GQueue        *out,
               NpcCliLineDone done)
{
  Block *b = g_queue_pop_head (out);

  g_mutex_lock (&pool->lock);
  while (!b->worked)
    g_cond_wait (&pool->cond, &pool->lock);
  g_mutex_unlock (&pool->lock);
  for (guint i = 0; i < b->lines->len; i++)
    done (&g_array_index (b->lines, NpcCliLine, i), b->results[i], pool->user_data);
  block_free (b);
}

static void
send_block (Pool   *pool,
            GQueue *out,
            Block  *b)
{
  for (guint i = 0; i < b->lines->len; i++)
    {
      NpcCliLine *l = &g_array_index (b->lines, NpcCliLine, i);

      /* `text` held the offset while the block grew. */
      l->text = (const char *) b->bytes->data + GPOINTER_TO_SIZE (l->text);
    }
  b->results = g_new0 (gpointer, MAX (b->lines->len, 1));
  g_queue_push_tail (out, b);
  g_mutex_lock (&pool->lock);
  g_queue_push_tail (&pool->todo, b);
  g_cond_signal (&pool->cond);
  g_mutex_unlock (&pool->lock);
}

int
npc_cli_lines_run (NpcCliLineReader *reader,
                   guint             jobs,
                   NpcCliLineWork    work,
                   NpcCliLineDone    done,
                   gpointer          user_data,
                   guint            *lineno,
                   int              *err)
{
  g_autoptr(GByteArray) line = g_byte_array_new ();
  g_autoptr(GPtrArray) threads = g_ptr_array_new ();
  Pool pool = { 0 };
  GQueue out = G_QUEUE_INIT;
  Block *b = NULL;
  gboolean too_long;
  const char *p;
  gsize len;
  int rc;

  *lineno = 0;
  pool.work = work;
  pool.user_data = user_data;
  g_mutex_init (&pool.lock);
  g_cond_init (&pool.cond);
  for (guint i = 0; jobs > 1 && i < jobs; i++)
    g_ptr_array_add (threads, g_thread_new ("npc-cli-worker", worker, &pool));

  while ((rc = npc_cli_read_line_in_place (reader, line, &p, &len, &too_long, err)) > 0)
    {
      NpcCliLine l = { 0 };

      ++*lineno;
      while (len > 0 && g_ascii_isspace (p[len - 1]))
        len--;
      while (len > 0 && g_ascii_isspace (*p))
        {
          p++;
          len--;
        }
      if (len == 0 && !too_long)
        continue;
      l = (NpcCliLine) { *lineno, reader->consumed, too_long, p, too_long ? 0 : len };

      if (threads->len == 0)
        {
          done (&l, work (&l, user_data), user_data);
          continue;
        }

      if (b == NULL)
        b = block_new ();
      l.text = GSIZE_TO_POINTER ((gsize) b->bytes->len);
      g_byte_array_append (b->bytes, (const guint8 *) p, (guint) l.len);
      g_array_append_val (b->lines, l);
      if (b->lines->len >= BLOCK_LINES || b->bytes->len >= BLOCK_BYTES)
        {
          send_block (&pool, &out, g_steal_pointer (&b));
          while (out.length >= 2 * threads->len)
            finish_oldest (&pool, &out, done);
        }
    }
  if (b != NULL)
    send_block (&pool, &out, g_steal_pointer (&b));
  while (!g_queue_is_empty (&out))
    finish_oldest (&pool, &out, done);

  g_mutex_lock (&pool.lock);
  pool.quit = TRUE;
  g_cond_broadcast (&pool.cond);
  g_mutex_unlock (&pool.lock);
  for (guint i = 0; i < threads->len; i++)
    g_thread_join (threads->pdata[i]);
  g_mutex_clear (&pool.lock);
  g_cond_clear (&pool.cond);
  return rc < 0 ? -1 : 0;
}

guint
npc_cli_jobs (int requested)
{
  if (requested > 0)
    return (guint) requested;
  return MAX (g_get_num_processors (), 1);
}
