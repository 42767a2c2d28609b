/* npc-core.h — everything of the core layer
 *
 * Copyright 2026 The NPC Pathway authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "npc-case.h"
#include "npc-condition.h"
#include "npc-engine.h"
#include "npc-error.h"
#include "npc-evaluation.h"
#include "npc-file-util.h"
#include "npc-guideline.h"
#include "npc-symbolic.h"
#include "npc-types.h"
