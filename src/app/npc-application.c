/* npc-application.c
 *
 * Copyright 2026 The NPC Pathway authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "npc-application"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <glib/gi18n.h>
#include <pango/pangocairo.h>

#include "npc-application.h"
#include "npc-renderer.h"
#include "npc-session.h"
#include "npc-window.h"

#define MAX_RECENT 10

struct _NpcApplication
{
  AdwApplication  parent_instance;

  NpcGuideline   *guideline;
  NpcEngine      *engine;
  GSettings      *settings;
  NpcSession     *session;
  GError         *load_error;
  char           *guideline_path; /* --guideline, or NULL for the default */
  GThread        *loading;        /* reads the guideline while GTK starts */
  NpcLayout      *first_layout;   /* laid out with it, for the first window's diagram */
  PangoFontMap   *first_font_map; /* the fonts that layout loaded */
  gint64          start_time;
};

typedef struct
{
  char *path; /* NULL: the default */
  NpcLayoutOrientation orientation;
  NpcGuideline *guideline;
  NpcLayout *layout;
  PangoFontMap *font_map;
  GError *error;
} Loading;

/* The guideline is read on a thread of its own from the moment the command line is known,
 * while the main thread starts GTK and Adwaita: the two take about as long, and the window
 * needs both. */
static gpointer
load_guideline (gpointer data)
{
  Loading *loading = data;

  if (loading->path != NULL)
    loading->guideline = npc_guideline_new_from_path (loading->path, &loading->error);
  else
    loading->guideline = npc_guideline_new_default (&loading->error);

  /* The diagram's layout measures every box's text: done here, it costs the window nothing.
   * A renderer measures with its own unhinted font options whatever the thread and the
   * screen, so this layout is the one the window's diagram would make. Its font map, with
   * the diagram's fonts loaded, goes to the window's renderer too, once this thread is done
   * with it. */
  if (loading->guideline != NULL)
    {
      g_autoptr(NpcRenderer) renderer = npc_renderer_new ();

      loading->layout = npc_renderer_layout_guideline (renderer, loading->guideline,
                                                       loading->orientation);
      loading->font_map = g_object_ref (npc_renderer_get_font_map (renderer));
    }

  return loading;
}

/* The settings are read before GTK starts: the guideline's loader needs the diagram's
 * orientation. */
static void
ensure_settings (NpcApplication *self)
{
  GSettingsSchemaSource *source;
  g_autoptr(GSettingsSchema) schema = NULL;

  if (self->settings != NULL)
    return;
  /* An uninstalled run may lack the schema: then nothing is remembered, nothing breaks. */
  source = g_settings_schema_source_get_default ();
  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, APP_ID, TRUE);
  if (schema != NULL)
    self->settings = g_settings_new (APP_ID);
}

static void
start_loading (NpcApplication *self)
{
  Loading *loading = g_new0 (Loading, 1);

  g_return_if_fail (self->loading == NULL);
  ensure_settings (self);
  loading->path = g_strdup (self->guideline_path);
  loading->orientation = self->settings != NULL
                           ? g_settings_get_enum (self->settings, "diagram-orientation")
                           : NPC_LAYOUT_TOP_DOWN;
  /* before any other thread (the loader, GTK's image loaders) can parse XML */
  npc_guideline_init_parser ();
  self->loading = g_thread_new ("npc-guideline", load_guideline, loading);
}

/* Waits for the guideline; the caller takes it, or the error. */
static NpcGuideline *
finish_loading (NpcApplication  *self,
                GError         **error)
{
  Loading *loading;
  NpcGuideline *guideline;

  if (self->loading == NULL)
    start_loading (self);
  loading = g_thread_join (g_steal_pointer (&self->loading));
  guideline = loading->guideline;
  g_clear_object (&self->first_layout);
  g_clear_object (&self->first_font_map);
  self->first_layout = loading->layout;
  self->first_font_map = loading->font_map;
  if (loading->error != NULL)
    g_propagate_error (error, loading->error);
  g_free (loading->path);
  g_free (loading);
  return guideline;
}

G_DEFINE_FINAL_TYPE (NpcApplication, npc_application, ADW_TYPE_APPLICATION)

NpcApplication *
npc_application_new (void)
{
  return g_object_new (NPC_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_HANDLES_OPEN,
                       "resource-base-path", "/io/github/npcpathway/NpcPathway",
                       NULL);
}

NpcGuideline *
npc_application_get_guideline (NpcApplication *self)
{
  g_return_val_if_fail (NPC_IS_APPLICATION (self), NULL);
  return self->guideline;
}

NpcLayout *
npc_application_take_layout (NpcApplication       *self,
                             NpcGuideline         *guideline,
                             NpcLayoutOrientation  orientation,
                             PangoFontMap        **font_map)
{
  g_return_val_if_fail (NPC_IS_APPLICATION (self), NULL);
  g_return_val_if_fail (font_map != NULL && *font_map == NULL, NULL);

  /* Only the first window takes it: one layout per view, never shared. */
  if (self->first_layout == NULL ||
      npc_layout_get_guideline (self->first_layout) != guideline ||
      npc_layout_get_orientation (self->first_layout) != orientation)
    return NULL;
  *font_map = g_steal_pointer (&self->first_font_map);
  return g_steal_pointer (&self->first_layout);
}

NpcEngine *
npc_application_get_engine (NpcApplication *self)
{
  g_return_val_if_fail (NPC_IS_APPLICATION (self), NULL);
  return self->engine;
}

NpcSession *
npc_application_get_session (NpcApplication *self)
{
  g_return_val_if_fail (NPC_IS_APPLICATION (self), NULL);
  return self->session;
}

GSettings *
npc_application_get_settings (NpcApplication *self)
{
  g_return_val_if_fail (NPC_IS_APPLICATION (self), NULL);
  return self->settings;
}

void
npc_application_set_start_time (NpcApplication *self,
                                gint64          monotonic_us)
{
  g_return_if_fail (NPC_IS_APPLICATION (self));
  self->start_time = monotonic_us;
}

gint64
npc_application_get_start_time (NpcApplication *self)
{
  g_return_val_if_fail (NPC_IS_APPLICATION (self), 0);
  return self->start_time;
}

GStrv
npc_application_dup_recent (NpcApplication *self)
{
  g_return_val_if_fail (NPC_IS_APPLICATION (self), NULL);

  if (self->settings == NULL)
    return g_new0 (char *, 1);
  return g_settings_get_strv (self->settings, "recent-cases");
}

void
npc_application_add_recent (NpcApplication *self,
                            GFile          *file)
{
  g_auto(GStrv) old = NULL;
  g_autoptr(GStrvBuilder) builder = NULL;
  g_auto(GStrv) recent = NULL;
  g_autofree char *uri = NULL;
  guint n = 1;

  g_return_if_fail (NPC_IS_APPLICATION (self));
  g_return_if_fail (G_IS_FILE (file));

  if (self->settings == NULL)
    return;

  uri = g_file_get_uri (file);
  old = g_settings_get_strv (self->settings, "recent-cases");
  builder = g_strv_builder_new ();
  g_strv_builder_add (builder, uri);
  for (guint i = 0; old[i] != NULL && n < MAX_RECENT; i++)
    {
      if (g_strcmp0 (old[i], uri) == 0)
        continue;
      g_strv_builder_add (builder, old[i]);
      n++;
    }
  recent = g_strv_builder_end (builder);
  g_settings_set_strv (self->settings, "recent-cases", (const char * const *) recent);
}

/* With NPC_PATHWAY_BENCH_STARTUP=2, the start-up benchmark also prints its phases. */
void
npc_application_bench_mark (NpcApplication *self,
                            const char     *what)
{
  static int verbose = -1;

  if (verbose < 0)
    verbose = g_strcmp0 (g_getenv ("NPC_PATHWAY_BENCH_STARTUP"), "2") == 0;
  if (verbose && self->start_time > 0)
    g_printerr ("bench: %-28s %7.1f ms\n", what,
                (g_get_monotonic_time () - self->start_time) / 1000.0);
}

static NpcWindow *
get_pristine_or_new_window (NpcApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (NPC_IS_WINDOW (window) && npc_window_is_pristine (NPC_WINDOW (window)))
    return NPC_WINDOW (window);
  return npc_window_new (self);
}

/* GTK loads a window's icon as the window is realized: the application's, an SVG, through
 * gdk-pixbuf's loader and librsvg, a few milliseconds before a first window could be shown.
 * It is set once that window has drawn its first frame: on the windows shown already (GTK
 * does not give them a default icon that comes late), and as the default for later ones. */
void
npc_application_ensure_icon (NpcApplication *self)
{
  g_return_if_fail (NPC_IS_APPLICATION (self));

  if (gtk_window_get_default_icon_name () != NULL)
    return;
  gtk_window_set_default_icon_name (APP_ID);
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    if (gtk_window_get_icon_name (l->data) == NULL)
      gtk_window_set_icon_name (l->data, APP_ID);
}

static void
show_load_error (NpcApplication *self)
{
  GtkWidget *dialog;

  npc_application_ensure_icon (self);
  /* Without its guideline the program has nothing safe to show: say why and stop. */
  dialog = adw_message_dialog_new (NULL,
                                   _("The Guideline Could Not Be Loaded"),
                                   self->load_error->message);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_set_application (GTK_WINDOW (dialog), GTK_APPLICATION (self));
  g_signal_connect_swapped (dialog, "response", G_CALLBACK (g_application_quit), self);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Offers the autosaved cases a crashed session left behind: all of them (only), or those of
 * `only` (a file being opened, in *window_out when that is set). Returns how many were
 * offered; *window_out is then the window of the last offer. */
static guint
recover_autosaves (NpcApplication *self,
                   GFile          *only,
                   NpcWindow     **window_out)
{
  g_autoptr(GPtrArray) leftovers = npc_session_find_leftovers (self->session, only);
  guint offered = 0;

  for (guint i = 0; i < leftovers->len; i++)
    {
      const NpcLeftover *leftover = leftovers->pdata[i];
      g_autoptr(GError) error = NULL;
      NpcWindow *window;

      window = window_out != NULL && *window_out != NULL ? *window_out
                                                         : get_pristine_or_new_window (self);
      gtk_window_present (GTK_WINDOW (window));
      if (npc_window_recover (window, leftover->autosave, leftover->original, &error))
        {
          offered++;
          if (window_out != NULL)
            *window_out = window;
          /* One offer per window: the next one gets its own. */
          if (only != NULL)
            break;
        }
      else
        g_message ("Could not recover %s: %s", g_file_peek_path (leftover->autosave),
                   error->message);
    }

  return offered;
}

static void
npc_application_activate (GApplication *app)
{
  NpcApplication *self = NPC_APPLICATION (app);
  GtkWindow *window;

  if (self->guideline == NULL)
    {
      show_load_error (self);
      return;
    }

  window = gtk_application_get_active_window (GTK_APPLICATION (self));
  if (window == NULL && !g_getenv ("NPC_PATHWAY_BENCH_STARTUP") &&
      recover_autosaves (self, NULL, NULL) > 0)
    return;
  if (window == NULL)
    window = GTK_WINDOW (npc_window_new (self));

  gtk_window_present (window);
}

static void
npc_application_open (GApplication  *app,
                      GFile        **files,
                      int            n_files,
                      const char    *hint)
{
  NpcApplication *self = NPC_APPLICATION (app);

  if (self->guideline == NULL)
    {
      show_load_error (self);
      return;
    }

  for (int i = 0; i < n_files; i++)
    {
      NpcWindow *window = get_pristine_or_new_window (self);
      g_autoptr(GError) error = NULL;

      npc_application_bench_mark (self, "window built");
      /* After a crash, the file's autosaved changes are offered with it, never dropped. */
      if (!g_getenv ("NPC_PATHWAY_BENCH_STARTUP") &&
          recover_autosaves (self, files[i], &window) > 0)
        continue;
      /* A window not shown yet gets its case first, so that it is measured and laid out
       * once, with the case in it, rather than empty and then again. */
      if (!gtk_widget_get_mapped (GTK_WIDGET (window)) &&
          npc_window_load_file (window, files[i], &error))
        {
          npc_application_bench_mark (self, "case opened");
          gtk_window_present (GTK_WINDOW (window));
          npc_application_bench_mark (self, "window presented");
          continue;
        }
      gtk_window_present (GTK_WINDOW (window));
      npc_application_bench_mark (self, "window presented");
      /* A file that does not load leaves the window with its new case and a message. */
      npc_window_open_file (window, files[i]);
      npc_application_bench_mark (self, "case opened");
    }
}

static void
quit_action (GSimpleAction *action,
             GVariant      *param,
             gpointer       user_data)
{
  NpcApplication *self = user_data;
  g_autoptr(GList) windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (self)));

  /* Each window asks about its own unsaved changes as it closes. */
  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_close (l->data);
}

static void
about_action (GSimpleAction *action,
              GVariant      *param,
              gpointer       user_data)
{
  NpcApplication *self = user_data;
  static const char *developers[] = { "The NPC Pathway authors", NULL };
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  GtkWidget *about;
  g_autofree char *comments = NULL;
  const NpcMetadata *meta = self->guideline ? npc_guideline_get_metadata (self->guideline) : NULL;

  /* What the pathway is about is the guideline's to say. */
  if (meta != NULL && meta->source_title != NULL && meta->title != NULL &&
      g_strcmp0 (meta->source_title, meta->title) != 0)
    /* Translators: the guideline's title, then the title of the source it encodes */
    comments = g_strdup_printf (_("An interactive decision pathway, “%s”, encoding “%s”. It "
                                  "supports, and does not replace, clinical judgement."),
                                meta->title, meta->source_title);
  else if (meta != NULL && (meta->source_title != NULL || meta->title != NULL))
    /* Translators: the title of the source the guideline encodes */
    comments = g_strdup_printf (_("An interactive decision pathway encoding “%s”. It supports, "
                                  "and does not replace, clinical judgement."),
                                meta->source_title != NULL ? meta->source_title : meta->title);
  else
    comments = g_strdup (_("An interactive decision pathway. It supports, and does not "
                           "replace, clinical judgement."));

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", parent,
                        "application-name", _("NPC Pathway"),
                        "application-icon", APP_ID,
                        "version", PACKAGE_VERSION,
                        "developer-name", _("The NPC Pathway authors"),
                        "developers", developers,
                        "copyright", "© 2026 The NPC Pathway authors",
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "comments", comments,
                        "translator-credits", _("translator-credits"),
                        NULL);
  if (meta != NULL && meta->disclaimer != NULL)
    adw_about_window_add_legal_section (ADW_ABOUT_WINDOW (about), _("Disclaimer"), NULL,
                                        GTK_LICENSE_CUSTOM, meta->disclaimer);
  gtk_window_present (GTK_WINDOW (about));
}

static void
update_style (NpcApplication *self)
{
  AdwStyleManager *manager = adw_style_manager_get_default ();
  g_autofree char *style = NULL;

  if (self->settings == NULL)
    return;

  style = g_settings_get_string (self->settings, "style-variant");
  if (g_strcmp0 (style, "dark") == 0)
    adw_style_manager_set_color_scheme (manager, ADW_COLOR_SCHEME_FORCE_DARK);
  else if (g_strcmp0 (style, "light") == 0)
    adw_style_manager_set_color_scheme (manager, ADW_COLOR_SCHEME_FORCE_LIGHT);
  else
    adw_style_manager_set_color_scheme (manager, ADW_COLOR_SCHEME_PREFER_LIGHT);
}

static const GActionEntry app_actions[] = {
  { "quit", quit_action },
  { "about", about_action },
};

static const struct {
  const char *action;
  const char *accels[3];
} accels[] = {
  { "app.quit", { "<Control>q", NULL } },
  { "win.new", { "<Control>n", NULL } },
  { "win.open", { "<Control>o", NULL } },
  { "win.save", { "<Control>s", NULL } },
  { "win.save-as", { "<Control><Shift>s", NULL } },
  { "win.export-diagram", { "<Control>e", NULL } },
  { "win.export-report", { "<Control><Shift>e", NULL } },
  { "win.print", { "<Control>p", NULL } },
  { "win.present", { "F5", NULL } },
  { "win.zoom-in", { "<Control>plus", "<Control>equal", NULL } },
  { "win.zoom-out", { "<Control>minus", NULL } },
  { "win.zoom-fit", { "<Control>0", NULL } },
  { "win.zoom-path", { "<Control>1", NULL } },
  { "win.next-needed", { "<Control>j", "F6", NULL } },
  { "win.toggle-form", { "F9", NULL } },
  { "win.toggle-evidence", { "<Control>F9", NULL } },
  { "win.close", { "<Control>w", NULL } },
  { "win.show-help-overlay", { "<Control>question", NULL } },
};

/* GTK starts reading the icon theme on a thread of its own as it creates it, and
 * GtkApplication's start-up adds the application's icon folder to it right after: when that
 * thread had begun, what it read is dropped, and read again (11 ms here) on the main thread at
 * the first icon the window's style asks for, in about one start in three. A lookup from
 * another thread is safe once the theme is set up (GTK does the same): this one reads the
 * theme again, when it must, while the main thread builds the window. */
static gpointer
read_icon_theme (gpointer data)
{
  g_autoptr(GtkIconTheme) theme = data;

  gtk_icon_theme_has_icon (theme, "open-menu-symbolic");
  return NULL;
}

static void
npc_application_startup (GApplication *app)
{
  NpcApplication *self = NPC_APPLICATION (app);
  npc_application_bench_mark (self, "before GTK start-up");
  /* Without a display GTK would end the process with exit(), whose library destructors
   * (libxml2's among them) would then run under the thread still reading the guideline: that
   * thread is finished first, and the process ends as GTK ends it, with its message. */
  if (!gtk_init_check ())
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(NpcGuideline) guideline = finish_loading (self, &error);
      const char *name = g_getenv ("WAYLAND_DISPLAY");

      if (name == NULL)
        name = g_getenv ("DISPLAY");
      g_warning ("cannot open display: %s", name != NULL ? name : "");
      exit (EXIT_FAILURE);
    }
  G_APPLICATION_CLASS (npc_application_parent_class)->startup (app);
  npc_application_bench_mark (self, "GTK and Adwaita started");
  g_thread_unref (g_thread_new ("npc-icon-theme", read_icon_theme,
                                g_object_ref (gtk_icon_theme_get_for_display (
                                  gdk_display_get_default ()))));

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions,
                                   G_N_ELEMENTS (app_actions), self);
  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (self), accels[i].action,
                                           accels[i].accels);

  ensure_settings (self);
  if (self->settings != NULL)
    {
      g_autoptr(GAction) style_action = NULL;

      style_action = g_settings_create_action (self->settings, "style-variant");
      g_action_map_add_action (G_ACTION_MAP (self), style_action);
      g_signal_connect_object (self->settings, "changed::style-variant",
                               G_CALLBACK (update_style), self, G_CONNECT_SWAPPED);
      update_style (self);
    }
  else
    {
      g_message ("GSettings schema %s not found; settings will not be kept", APP_ID);
      adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                          ADW_COLOR_SCHEME_PREFER_LIGHT);
    }

  self->guideline = finish_loading (self, &self->load_error);
  if (self->guideline != NULL)
    self->engine = npc_engine_new (self->guideline);
  else
    g_printerr ("npc-pathway: %s\n", self->load_error->message);
  npc_application_bench_mark (self, "guideline loaded");
}

static void
npc_application_dispose (GObject *object)
{
  NpcApplication *self = NPC_APPLICATION (object);

  /* a process that handed its files to a running instance never waited for it */
  if (self->loading != NULL)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(NpcGuideline) unused = finish_loading (self, &error);
    }
  g_clear_object (&self->engine);
  g_clear_object (&self->first_layout);
  g_clear_object (&self->first_font_map);
  g_clear_object (&self->guideline);
  g_clear_object (&self->settings);
  g_clear_object (&self->session);
  g_clear_error (&self->load_error);
  g_clear_pointer (&self->guideline_path, g_free);

  G_OBJECT_CLASS (npc_application_parent_class)->dispose (object);
}

/* --guideline FILE: the process opens its cases with that guideline, so it runs on its own
 * rather than handing its files to a running instance that has another. */
static int
npc_application_handle_local_options (GApplication *app,
                                      GVariantDict *options)
{
  NpcApplication *self = NPC_APPLICATION (app);
  const char *path = NULL;

  if (g_variant_dict_lookup (options, "guideline", "^&ay", &path) && path != NULL && *path)
    {
      g_free (self->guideline_path);
      self->guideline_path = g_canonicalize_filename (path, NULL);
      g_application_set_flags (app, g_application_get_flags (app) | G_APPLICATION_NON_UNIQUE);
    }
  start_loading (self);
  return -1;
}

static void
npc_application_class_init (NpcApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = npc_application_dispose;
  app_class->startup = npc_application_startup;
  app_class->activate = npc_application_activate;
  app_class->open = npc_application_open;
  app_class->handle_local_options = npc_application_handle_local_options;
}

static const GOptionEntry options[] = {
  { "guideline", 'g', 0, G_OPTION_ARG_FILENAME, NULL,
    N_("Open cases with this guideline document instead of the installed one"), N_("FILE.xml") },
  { NULL }
};

static void
npc_application_init (NpcApplication *self)
{
  g_application_add_main_option_entries (G_APPLICATION (self), options);
  self->session = npc_session_new ();
  g_set_application_name (_("NPC Pathway"));
}
