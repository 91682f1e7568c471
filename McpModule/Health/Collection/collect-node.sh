#!/bin/sh
# The health collector a node runs once per collection (NodeCollectorScript.Build puts the request's
# variables right after the first line; docs/health-metrics.md lists what comes of it).
# Read-only and stateless: rates are computed by the caller from two collections. It never fails as a
# whole: a part that cannot be read prints a problem line and the rest carries on. Output: one record
# a line, fields separated by tabs, free text last (NodeCollectionParser reads it).

: "${MCP_UNITS=}"          # lines of "service<TAB>unit or pattern"
: "${MCP_LOG_WINDOW=300}"  # seconds of journal counted
: "${MCP_CEPH=0}"          # 1: read the Ceph cluster's state from here

export LC_ALL=C
set -f
exec 4>&1
nl='
'
tab='	'

printf 'mcp-health\t1\n'

problem() { printf 'problem\t%s\n' "$*"; }

# run WHAT COMMAND...: the command's output in $out and its exit code in $rc; each line it writes on
# stderr is a problem line (fd 4 is our stdout), so warnings neither corrupt the data nor go unseen.
run() {
    run_what=$1
    shift
    out=$( { { "$@"; printf '\n%s' "$?"; } 2>&1 >&3 3>&- | sed "s/^/problem\t$run_what: /" >&4; } 3>&1)
    rc=${out##*"$nl"}
    out=${out%"$nl"*}
}

have() {
    command -v "$1" >/dev/null 2>&1 && return 0
    problem "$1: command not found"
    return 1
}

# --- the kernel's counters: passed on as they are, the parser knows their formats
for f in /proc/sys/kernel/random/boot_id /proc/uptime /proc/loadavg /proc/stat /proc/meminfo /proc/net/dev; do
    if [ -r "$f" ]; then files="${files-} $f"; else problem "$f: cannot be read"; fi
done
# shellcheck disable=SC2086 # the list is ours, without spaces
[ -n "${files-}" ] && awk '
    FILENAME ~ /boot_id$/ { print "boot\t" $0; next }
    FILENAME ~ /uptime$/ { print "uptime\t" $0; next }
    FILENAME ~ /loadavg$/ { print "loadavg\t" $0; next }
    FILENAME ~ /stat$/ { if ($1 ~ /^cpu/) print "stat\t" $0; next }
    FILENAME ~ /meminfo$/ { if ($1 ~ /^(MemTotal|MemFree|MemAvailable|Buffers|Cached|SwapTotal|SwapFree):$/) print "meminfo\t" $0; next }
    FILENAME ~ /dev$/ { if (FNR > 2) print "netdev\t" $0; next }
' $files

# --- file systems: one statfs each for the mounts that hold data. The mount point stays in the form
# /proc/self/mounts escapes it (\040 for a space), which has no tab or line break; awk decodes it for
# stat and writes the calls as shell words. The last mount at a point is the one seen there.
# shellcheck disable=SC2317 # called by the eval below
fs() {
    # $1 path, $2 escaped path, $3 type, $4 seconds allowed (network file systems can hang)
    # a file bound over a file (a container's /etc/hosts) is the file system of its source, counted there
    [ -d "$1" ] || return 0
    if [ "$4" = 0 ]; then
        s=$(stat -f -c '%S %b %f %a %c %d' -- "$1" 2>&1)
    else
        s=$(timeout -k 1 "$4" stat -f -c '%S %b %f %a %c %d' -- "$1" 2>&1)
    fi
    r=$?
    s=$(printf '%s' "$s" | tr '\n\t' '  ')
    if [ "$r" = 0 ]; then printf 'fs\t%s\t%s\t%s\n' "$2" "$3" "$s"
    elif [ "$r" = 124 ]; then problem "statfs $2: no answer in $4 s"
    else problem "statfs $2: $s"
    fi
}
if [ -r /proc/self/mounts ]; then
    calls=$(awk '
        BEGIN {
            n = split("proc sysfs cgroup cgroup2 devpts devtmpfs mqueue debugfs tracefs securityfs pstore bpf " \
                "fusectl configfs hugetlbfs autofs binfmt_misc rpc_pipefs nsfs tmpfs ramfs efivarfs selinuxfs " \
                "squashfs iso9660 udf erofs fuse.lxcfs fuse.gvfsd-fuse fuse.portal fuse.snapfuse rootfs", p, " ")
            for (i = 1; i <= n; i++) pseudo[p[i]] = 1
            n = split("nfs nfs4 cifs smb3 smbfs ceph glusterfs fuse.glusterfs fuse.ceph-fuse fuse.sshfs 9p lustre", p, " ")
            for (i = 1; i <= n; i++) network[p[i]] = 1
        }
        function decode(s,   r, c) {
            r = ""
            while (match(s, /\\[0-7][0-7][0-7]/)) {
                c = (substr(s, RSTART + 1, 1) * 64) + (substr(s, RSTART + 2, 1) * 8) + substr(s, RSTART + 3, 1)
                r = r substr(s, 1, RSTART - 1) sprintf("%c", c)
                s = substr(s, RSTART + 4)
            }
            return r s
        }
        function q(s,   n, p, i, r) {
            n = split(s, p, "\047")
            r = p[1]
            for (i = 2; i <= n; i++) r = r "\047\\\047\047" p[i]
            return "\047" r "\047"
        }
        {
            if (!($2 in type)) order[++count] = $2
            type[$2] = $3
        }
        END {
            for (i = 1; i <= count; i++) {
                m = order[i]; t = type[m]
                if (t in pseudo) continue
                if (t == "overlay" && m != "/") continue
                # the trees of the kernel and the runtime, and what a container manager binds into
                # them (/run/host of systemd-nspawn, /run/secrets of docker): no data of the node
                if (m ~ /^\/(dev|proc|sys|run)(\/|$)/) continue
                print "fs " q(decode(m)) " " q(m) " " q(t) " " ((t in network) ? 5 : 0)
            }
        }
    ' /proc/self/mounts)
    eval "$calls"
else
    problem "/proc/self/mounts: cannot be read"
fi

# --- systemd units: one list-units for the patterns, one show for every unit. The parser matches
# units to the request it gets back here, so the names pass through untouched.
units=''
patterns=''
IFS=$nl
for line in $MCP_UNITS; do
    service=${line%%"$tab"*}
    unit=${line#*"$tab"}
    printf 'unit\t%s\t%s\n' "$service" "$unit"
    case $unit in
        *[*?[]*) patterns="$patterns $unit" ;;
        *) units="$units $unit" ;;
    esac
done
IFS=" $tab$nl"
systemd_ok=0
if [ -n "$MCP_UNITS" ] && have systemctl; then
    systemd_ok=1
    if [ -n "$patterns" ]; then
        # shellcheck disable=SC2086 # unit names have no spaces, globbing is off
        run list-units systemctl list-units --all --plain --no-legend --no-pager -- $patterns
        if [ "$rc" = 0 ]; then
            # UNIT LOAD ACTIVE SUB DESCRIPTION; a bullet first on older systemctl even with --plain
            for u in $(printf '%s\n' "$out" | awk '$1 !~ /\./ { $1 = ""; $0 = $0 } $2 == "loaded" { print $1 }'); do
                units="$units $u"
            done
        else
            systemd_ok=0
            problem "systemctl list-units exited $rc"
        fi
    fi
    if [ "$systemd_ok" = 1 ] && [ -n "$units" ]; then
        # shellcheck disable=SC2086
        run show systemctl show --no-pager -p Id,Names,LoadState,ActiveState,SubState,NRestarts -- $units
        if [ "$rc" = 0 ]; then
            printf '%s\n' "$out" | sed 's/^/systemd\t/'
        else
            systemd_ok=0
            problem "systemctl show exited $rc"
        fi
    fi
fi

# --- journal: one call for every unit, its output counted as it streams (a unit logging errors in a
# loop writes a lot); entries at err or worse counted by the unit fields that can name a unit (its own
# processes, or systemd, coredump and others writing about it). Its stderr is kept apart and told after.
if [ "$systemd_ok" = 1 ] && [ -n "$units" ] && have journalctl; then
    args=''
    for u in $units; do args="$args -u $u"; done
    # shellcheck disable=SC2086
    err=$( { { journalctl --no-pager -q -p err --since "-${MCP_LOG_WINDOW}s" -o export \
        --output-fields=_SYSTEMD_UNIT,UNIT,OBJECT_SYSTEMD_UNIT,COREDUMP_UNIT $args; printf '\nmcp-rc=%s\n' "$?"; } 2>&5 | awk '
            function flush() { if (seen) count[s "\t" u "\t" o "\t" c]++; seen = 0; s = u = o = c = "" }
            /^mcp-rc=/ { rc = substr($0, 8); next }
            /^$/ { flush(); next }
            { seen = 1; v = substr($0, index($0, "=") + 1); gsub(/\t/, " ", v) }
            /^_SYSTEMD_UNIT=/ { s = v } /^UNIT=/ { u = v } /^OBJECT_SYSTEMD_UNIT=/ { o = v } /^COREDUMP_UNIT=/ { c = v }
            END {
                flush()
                if (rc != "0") { print "problem\tjournalctl exited " rc; exit }
                for (k in count) print "journal\t" count[k] "\t" k
                print "journal-read"
            }' >&4; } 5>&1)
    [ -n "$err" ] && printf '%s\n' "$err" | sed 's/^/problem\tjournal: /'
fi

# --- Ceph, from the one monitor node asked to: `ceph status` alone carries the health checks with
# their summaries, the maps' counts and the raw space (each CLI start costs ~0.2 s). A cluster
# without quorum makes the CLI wait: bounded.
if [ "$MCP_CEPH" = 1 ] && have ceph; then
    run "ceph status" timeout -k 2 15 ceph --connect-timeout 5 status -f json
    if [ "$rc" = 0 ]; then
        # JSON has no line break inside a string, so joining its lines keeps it the same document
        printf 'ceph\tstatus\t%s\n' "$(printf '%s' "$out" | tr '\n' ' ')"
    elif [ "$rc" = 124 ]; then problem "ceph status: no answer in 15 s"
    else problem "ceph status exited $rc"
    fi
fi

printf 'end\n'
exit 0
