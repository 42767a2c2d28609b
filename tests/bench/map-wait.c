/* map-wait.c — how long a program takes from exec to its first window on screen
 *
 * Copyright 2026 The NPC Pathway authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   map-wait PROGRAM [ARGUMENT…]
 *
 * Starts PROGRAM and waits, on the X server's own events, for the first top-level window whose
 * _NET_WM_PID is PROGRAM's to be mapped; prints "MS RSS_MB CPU_MS" (milliseconds from just
 * before the exec to the MapNotify, the program's peak resident memory and the processor time
 * all its threads had used at that moment), then stops the program. It prints "fail 0" and exits with status 1 when the program exits first or nothing
 * maps within 30 s.
 *
 * build-aux/bench-startup races NPC Pathway against the bare window with it. Waiting on events
 * rather than polling with a helper process leaves both of the machine's cores to the program
 * being timed: a poller takes one of them from a program that starts a second thread, which is
 * noise that falls on one side of the race.
 */
#include <X11/Xatom.h>
#include <X11/Xlib.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double
now_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* The window's _NET_WM_PID, or 0 when it has none (yet). */
static long
window_pid (Display *dpy,
            Window   window,
            Atom     net_wm_pid)
{
  Atom type = None;
  int format = 0;
  unsigned long n = 0, after = 0;
  unsigned char *data = NULL;
  long pid = 0;

  if (XGetWindowProperty (dpy, window, net_wm_pid, 0, 1, False, XA_CARDINAL, &type, &format,
                          &n, &after, &data) == Success &&
      type == XA_CARDINAL && format == 32 && n == 1)
    pid = (long) *(unsigned long *) data;
  if (data != NULL)
    XFree (data);
  return pid;
}

static double
peak_rss_mb (pid_t pid)
{
  char path[64], line[256];
  double mb = 0;
  FILE *f;

  snprintf (path, sizeof path, "/proc/%d/status", (int) pid);
  f = fopen (path, "r");
  if (f == NULL)
    return 0;
  while (fgets (line, sizeof line, f) != NULL)
    if (strncmp (line, "VmHWM:", 6) == 0)
      mb = strtod (line + 6, NULL) / 1024.0;
  fclose (f);
  return mb;
}

/* User and system time the program has used, in milliseconds. */
static double
cpu_ms (pid_t pid)
{
  char path[64], buf[1024];
  unsigned long utime = 0, stime = 0;
  const char *p;
  FILE *f;
  size_t n;

  snprintf (path, sizeof path, "/proc/%d/stat", (int) pid);
  f = fopen (path, "r");
  if (f == NULL)
    return 0;
  n = fread (buf, 1, sizeof buf - 1, f);
  fclose (f);
  buf[n] = '\0';
  /* fields 14 and 15, counted after the command's closing parenthesis (field 2) */
  p = strrchr (buf, ')');
  if (p == NULL || sscanf (p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu",
                           &utime, &stime) != 2)
    return 0;
  return (utime + stime) * 1000.0 / sysconf (_SC_CLK_TCK);
}

static void
stop (pid_t pid)
{
  kill (pid, SIGTERM);
  for (int i = 0; i < 200; i++)
    {
      if (waitpid (pid, NULL, WNOHANG) == pid)
        return;
      usleep (10000);
    }
  kill (pid, SIGKILL);
  waitpid (pid, NULL, 0);
}

int
main (int    argc,
      char **argv)
{
  Display *dpy;
  Window root;
  Atom net_wm_pid;
  double start, deadline;
  pid_t pid;
  int fd;

  if (argc < 2)
    {
      fprintf (stderr, "usage: map-wait PROGRAM [ARGUMENT…]\n");
      return 2;
    }
  dpy = XOpenDisplay (NULL);
  if (dpy == NULL)
    {
      fprintf (stderr, "map-wait: cannot open display %s\n", getenv ("DISPLAY") ? getenv ("DISPLAY") : "");
      return 2;
    }
  root = DefaultRootWindow (dpy);
  net_wm_pid = XInternAtom (dpy, "_NET_WM_PID", False);
  XSelectInput (dpy, root, SubstructureNotifyMask);
  XSync (dpy, False);
  fd = ConnectionNumber (dpy);
  fcntl (fd, F_SETFD, FD_CLOEXEC);

  start = now_ms ();
  pid = fork ();
  if (pid < 0)
    {
      perror ("map-wait: fork");
      return 2;
    }
  if (pid == 0)
    {
      execvp (argv[1], argv + 1);
      fprintf (stderr, "map-wait: cannot run %s: %s\n", argv[1], strerror (errno));
      _exit (127);
    }

  deadline = start + 30000;
  for (;;)
    {
      while (XPending (dpy) > 0)
        {
          XEvent ev;

          XNextEvent (dpy, &ev);
          if (ev.type != MapNotify || ev.xmap.event != root || ev.xmap.override_redirect)
            continue;
          if (window_pid (dpy, ev.xmap.window, net_wm_pid) == pid)
            {
              double ms = now_ms () - start;

              printf ("%.0f %.1f %.0f\n", ms, peak_rss_mb (pid), cpu_ms (pid));
              fflush (stdout);
              stop (pid);
              XCloseDisplay (dpy);
              return 0;
            }
        }
      if (waitpid (pid, NULL, WNOHANG) == pid)
        {
          fprintf (stderr, "map-wait: %s exited before it mapped a window\n", argv[1]);
          break;
        }
      if (now_ms () > deadline)
        {
          fprintf (stderr, "map-wait: %s mapped no window in 30 s\n", argv[1]);
          stop (pid);
          break;
        }
      struct pollfd p = { .fd = fd, .events = POLLIN };
      poll (&p, 1, 5);
    }
  printf ("fail 0\n");
  XCloseDisplay (dpy);
  return 1;
}
