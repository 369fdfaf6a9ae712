#!/usr/bin/python3
"""Runs a command under the system-call filter a systemd unit file asks for, as systemd would apply it.

Usage: unit_seccomp_run.py UNIT_FILE -- COMMAND [ARG...]

There is no systemd as PID 1 in the test container, so the unit's SystemCallFilter=, SystemCallErrorNumber= and
RestrictRealtime= are applied here with libseccomp (Debian's python3-seccomp) before the command is executed:
the groups are expanded by `systemd-analyze syscall-filter` (the same tables systemd uses), the first allow-list
line sets what may be called, each "~" line takes calls out again, every other call fails with the unit's errno;
RestrictRealtime= refuses the real-time scheduling policies in a second filter, as systemd does. Filters are
inherited by child processes (ffmpeg), as under systemd. A denied call fails with the errno and nothing is
printed for it: the test judges the agent by what it does (reads stored, exit code), as on a unit.
"""
import errno
import os
import subprocess
import sys

import seccomp


def unit_settings(path):
    filters, settings = [], {}
    with open(path, encoding="utf-8") as unit:
        for line in unit:
            line = line.strip()
            if not line or line.startswith(("#", ";", "[")) or "=" not in line:
                continue
            key, value = line.split("=", 1)
            if key == "SystemCallFilter":
                filters.append(value)
            else:
                settings[key] = value
    return filters, settings


def expand(name, seen=None):
    """The system calls a name stands for: a group (@system-service) through systemd's own tables, or itself."""
    seen = seen if seen is not None else set()
    if not name.startswith("@"):
        return {name}
    if name in seen:
        return set()
    seen.add(name)
    out = subprocess.run(["systemd-analyze", "syscall-filter", name], check=True, capture_output=True, text=True).stdout
    calls = set()
    for line in out.splitlines():
        item = line.strip()
        if line.startswith("    ") and item and not item.startswith("#"):
            calls |= expand(item, seen)
    return calls


def allowed_calls(filters):
    allowed = None
    for value in filters:
        deny = value.startswith("~")
        names = set()
        for item in value.lstrip("~").split():
            names |= expand(item)
        if allowed is None:
            if deny:
                raise SystemExit("unit_seccomp_run: a deny-list filter first is not what this unit uses")
            allowed = names
        elif deny:
            allowed -= names
        else:
            allowed |= names
    return allowed


def main():
    if len(sys.argv) < 4 or sys.argv[2] != "--":
        raise SystemExit(__doc__)
    filters, settings = unit_settings(sys.argv[1])
    if not filters:
        raise SystemExit("unit_seccomp_run: the unit has no SystemCallFilter=")
    error = getattr(errno, settings.get("SystemCallErrorNumber", "EPERM"))
    calls = allowed_calls(filters)

    allow_list = seccomp.SyscallFilter(defaction=seccomp.ERRNO(error))
    known = 0
    for call in sorted(calls):
        try:
            allow_list.add_rule(seccomp.ALLOW, call)
            known += 1
        except (RuntimeError, ValueError, OSError):
            pass  # a call this architecture does not have (the tables list every architecture's)
    filters_loaded = [allow_list]

    if settings.get("RestrictRealtime") in ("yes", "true", "1", "on"):
        # As systemd: SCHED_OTHER (0), SCHED_BATCH (3) and SCHED_IDLE (5) stay; FIFO, RR, ISO and anything above go.
        realtime = seccomp.SyscallFilter(defaction=seccomp.ALLOW)
        for policy in (1, 2, 4):
            realtime.add_rule(seccomp.ERRNO(errno.EPERM), "sched_setscheduler", seccomp.Arg(1, seccomp.EQ, policy))
        realtime.add_rule(seccomp.ERRNO(errno.EPERM), "sched_setscheduler", seccomp.Arg(1, seccomp.GT, 5))
        filters_loaded.append(realtime)

    # The allow-list last: it does not allow seccomp() itself. Loading sets no_new_privs first, as the unit's
    # NoNewPrivileges=yes does.
    for f in reversed(filters_loaded):
        f.load()
    print(f"unit_seccomp_run: {known} system calls allowed, errno {settings.get('SystemCallErrorNumber', 'EPERM')}", file=sys.stderr, flush=True)
    os.execvp(sys.argv[3], sys.argv[3:])


if __name__ == "__main__":
    main()
