#!/bin/sh
# Hook for udhcpc (-s), dhclient (-sf) and dhcpcd (-c) in the integration harness.
# It configures nothing and never touches /etc/resolv.conf: it appends one record to "events"
# beside itself (the harness copies it into a per-run directory): the first argument (udhcpc's
# event name) as HOOK_ARG, then the environment the client passed, NUL-separated, then an empty
# entry. dhcpcd builds the environment from scratch, so the path cannot come from a variable.
{ printf 'HOOK_ARG=%s\0' "$1"; /usr/bin/env -0; printf '\0'; } >>"${0%/*}/events"
