/* sl-core.h: the whole core layer */
#pragma once

#include "sl-audit-record.h"
#include "sl-clock.h"
#include "sl-core-enums.h"
#include "sl-error.h"
#include "sl-json.h"
#include "sl-plate.h"
#include "sl-policy.h"
#include "sl-role.h"
#include "sl-totp.h"
#include "sl-types.h"
#include "sl-user.h"
