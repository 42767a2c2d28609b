/* npc-report.h — a case report: the evaluation of one case as a paginated document
 *
 * Copyright 2026 The NPC Pathway authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The report lays out, with pango, what the evaluation says about a case, for the patient's
 * record. Page 1 is the summary a clinician signs: the patient, the outcome with its strength
 * and grade (or the input still needed, or the validation errors), the assumptions, the tumour
 * board's decision and its concordance with the pathway, lines to sign on. Then alternatives,
 * agents and ambiguity flags, the fields the path read or that were entered with where each
 * value came from, why each branch was or was not taken, the diagram around the path in
 * pieces that read on paper, the evidence with its numbers and the references. Every page
 * carries a header (the case and the guideline's source), a footer with the decision-support
 * disclaimer and "Page N of M". Page breaks fall between lines, never through one, and never
 * leave a page less than a third full.
 *
 * Cairo and pango only: the command line writes PDF files with it, and the application can
 * print it through GtkPrintOperation (paginate with the print context's page size in points,
 * then draw one page per draw-page signal).
 */
#pragma once

#include <cairo.h>
#include <gio/gio.h>

#include "npc-case.h"
#include "npc-evaluation.h"
#include "npc-guideline.h"
#include "npc-layout.h"

G_BEGIN_DECLS

/* ISO A4 in PostScript points. */
#define NPC_REPORT_A4_WIDTH  595.2756
#define NPC_REPORT_A4_HEIGHT 841.8898

#define NPC_TYPE_REPORT (npc_report_get_type ())
G_DECLARE_FINAL_TYPE (NpcReport, npc_report, NPC, REPORT, GObject)

/* Writes the report of a case as a multi-page A4 PDF file. The file is replaced atomically.
 * evaluation may be NULL: the case is then evaluated here. Errors name the file. */
gboolean    npc_report_write_pdf           (NpcGuideline  *guideline,
                                            NpcCase       *kase,
                                            NpcEvaluation *evaluation,
                                            const char    *path,
                                            GError       **error);

/* evaluation may be NULL: the case is then evaluated with the guideline. */
NpcReport  *npc_report_new                 (NpcGuideline  *guideline,
                                            NpcCase       *kase,
                                            NpcEvaluation *evaluation);

NpcGuideline  *npc_report_get_guideline    (NpcReport     *self);
NpcCase       *npc_report_get_case         (NpcReport     *self);
NpcEvaluation *npc_report_get_evaluation   (NpcReport     *self);

/* The date printed as "written" (default: when the report was made). Lays out again. */
void        npc_report_set_date            (NpcReport     *self,
                                            GDateTime     *date);
GDateTime  *npc_report_get_date            (NpcReport     *self);

/* Lays the report out for pages of this size, in points, portrait. Returns the number of
 * pages. Called with A4 on first use. */
guint       npc_report_paginate            (NpcReport     *self,
                                            double         page_width,
                                            double         page_height);
guint       npc_report_get_n_pages         (NpcReport     *self);
/* The size of a page in points, as it should be printed. Returns TRUE when the page is
 * landscape (no page of this version is). */
gboolean    npc_report_get_page_size       (NpcReport     *self,
                                            guint          page,
                                            double        *width,
                                            double        *height);

/* Draws page `page` (from 0) on cr, whose user units must be points with the origin at
 * the page's top-left corner, in the page's own orientation. */
void        npc_report_draw_page           (NpcReport     *self,
                                            cairo_t       *cr,
                                            guint          page);

/* The report as an A4 PDF file, replaced atomically. Errors name the file. */
gboolean    npc_report_save_pdf            (NpcReport     *self,
                                            const char    *path,
                                            GError       **error);
/* All pages on a PDF surface made for the stream, A4. Does not close the stream. */
gboolean    npc_report_write_pdf_to_stream (NpcReport     *self,
                                            GOutputStream *stream,
                                            GCancellable  *cancellable,
                                            GError       **error);

/* The plain text laid out on one page, line by line, as drawn: header, body and footer.
 * Table cells of one row are separated by " | ". The diagram's own labels are drawn by the
 * renderer and are not included. */
char       *npc_report_dup_page_text       (NpcReport     *self,
                                            guint          page);
/* The text of all pages, each followed by a form feed, as pdftotext would print them. */
char       *npc_report_dup_text            (NpcReport     *self);
/* The body of all pages in order, without headers and footers: a paragraph that a page
 * break cut reads whole again. */
char       *npc_report_dup_body_text       (NpcReport     *self);

/* The diagram as the pages draw it, for checking them: the layout (NULL when the report has
 * no diagram), and piece `index` (from 0) of page `page`: the part of the layout it shows,
 * in model units, its scale (points per model unit) and where the part's top-left corner
 * lands on the page, in points. FALSE when the page has no such piece. */
NpcLayout  *npc_report_get_layout          (NpcReport     *self);
gboolean    npc_report_get_diagram_piece   (NpcReport     *self,
                                            guint          page,
                                            guint          index,
                                            NpcLayoutRect *region,
                                            double        *scale,
                                            double        *x,
                                            double        *y);

G_END_DECLS
