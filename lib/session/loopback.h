/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The network of a session's fresh net namespace: only "lo", brought up (the
 * kernel then answers on 127.0.0.1 and ::1). */
#pragma once

#include "basic/error.h"

int loopback_up(ns_error *err);
