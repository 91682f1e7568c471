#!/bin/bash
# Throwaway OpenSSH servers for the transport tests and benchmark: one network namespace per
# node, a veth pair to a host bridge this script creates, the node's own ed25519 host key and
# one authorised client key. Traffic goes only between the host and these namespaces.
# Needs root, iproute2, openssh-server (sshd runs from the host's /usr/sbin/sshd).
#
#   ssh-nodes.sh start   DIR N [M]  start N nodes (state in DIR: nodes.tsv, known_hosts, keys), and M more
#                                   that only node1 (the bastion) reaches (behind.tsv), see below
#   ssh-nodes.sh stop    DIR        stop every process this script started, remove namespaces, bridge, DIR
#   ssh-nodes.sh kill    DIR I      kill node I's sshd and its sessions (SIGKILL)
#   ssh-nodes.sh restart DIR I [--new-host-key]   start node I's sshd again (optionally with a new host key)
#   ssh-nodes.sh block   DIR I      drop node I's link silently (the host keeps a permanent neighbour entry)
#   ssh-nodes.sh unblock DIR I
#
# Nodes behind the bastion: their addresses are in the upper half of the /24 ($net.201...), on a
# bridge inside a namespace of their own (the hub) that the host has no link to. node1 has a second
# leg there ($net.129/25, more specific than its /24), so it reaches them; the host's packets for
# them stay on the host bridge, where nobody answers their ARP: no route outside is ever used.
# Env: MCP_TRANSPORT_NET (first three octets, default 10.247.91), MCP_TRANSPORT_TAG (default mt<pid-free hash of DIR>).
set -euo pipefail

cmd=${1:?usage: ssh-nodes.sh start|stop|kill|restart|block|unblock DIR [N|I]}
dir=${2:?state folder}
net=${MCP_TRANSPORT_NET:-10.247.91}

tag_for() { echo "mt$(printf '%s' "$(realpath -m "$1")" | md5sum | cut -c1-5)"; }

node_ns()   { echo "$(cat "$dir/tag")n$1"; }
node_veth() { echo "$(cat "$dir/tag")v$1"; }
node_ip()   { if [ -e "$dir/node$1/ip" ]; then cat "$dir/node$1/ip"; else echo "$net.$((10 + $1))"; fi; }
hub_ns()    { echo "$(cat "$dir/tag")h"; }
node_mac()  { printf '02:4d:43:50:%02x:%02x' $(($1 / 256)) $(($1 % 256)); }

start_sshd() {  # I
    local i=$1 ns; ns=$(node_ns "$i")
    local d="$dir/node$i"
    cat > "$d/sshd_config" <<CFG
Port 22
ListenAddress $(node_ip "$i")
HostKey $d/ssh_host_ed25519_key
PidFile $d/sshd.pid
AuthorizedKeysFile $dir/authorized_keys
StrictModes no
UsePAM no
PermitRootLogin prohibit-password
PasswordAuthentication no
KbdInteractiveAuthentication no
PubkeyAuthentication yes
MaxStartups 200
MaxSessions 50
LogLevel ERROR
Subsystem sftp internal-sftp
CFG
    # The nodes share the host's files; in a private mount namespace each hides root's
    # ~/.bashrc, which bash reads for every ssh command and which on this machine runs
    # `pyenv rehash` (concurrent sessions race on its temp files and print to stderr).
    ip netns exec "$ns" unshare --mount --propagation private \
        sh -c 'if [ -f /root/.bashrc ]; then mount --bind /dev/null /root/.bashrc; fi; exec /usr/sbin/sshd -D -e -f "$1"' sh "$d/sshd_config" \
        >> "$d/sshd.log" 2>&1 &
    echo $! > "$d/sshd.launch.pid"
}

wait_ready() {  # I...
    local i deadline=$((SECONDS + 20)) via
    for i in "$@"; do
        via=()   # a node behind the bastion is checked from the bastion
        if [ -e "$dir/node$i/ip" ]; then via=(ip netns exec "$(node_ns 1)"); fi
        until "${via[@]}" bash -c 'exec 3<>"/dev/tcp/$1/22"' sh "$(node_ip "$i")" 2>/dev/null; do
            if ((SECONDS > deadline)); then echo "node$i: sshd not ready; log:" >&2; cat "$dir/node$i/sshd.log" >&2; return 1; fi
            sleep 0.05
        done
    done
}

# A node set whose run was killed before `stop` (a session ended, a CI job cancelled) keeps its bridge
# holding $net.1 and its namespaces, and every later start on $net was refused. It is removed when no
# process is left in any of its namespaces; a set that still runs is never touched (returns 1).
clear_stale() {
    local br tag spaces ns
    br=$(ip -o -4 addr show | awk -v a="$net.1/" 'index($4, a) == 1 { print $2; exit }')
    [[ $br =~ ^(mt[0-9a-f]{5})br$ ]] || return 1
    tag=${BASH_REMATCH[1]}
    spaces=$(ip netns list | awk '{ print $1 }' | grep -E "^${tag}(n[0-9]+|h)\$" || true)
    for ns in $spaces; do [ -z "$(ip netns pids "$ns")" ] || return 1; done
    for ns in $spaces; do ip netns del "$ns"; done
    for veth in $(ip -o link show | awk -F': ' '{ print $2 }' | sed 's/@.*//' | grep -E "^${tag}v[0-9]+\$" || true); do
        ip link del "$veth" 2>/dev/null || true
    done
    ip link del "$br"
    echo "ssh-nodes.sh: removed the node set $tag that a killed run left on $net.0/24" >&2
}

case "$cmd" in
start)
    n=${3:?number of nodes}
    m=${4:-0}
    if ((m > 50)); then echo "at most 50 nodes behind the bastion" >&2; exit 2; fi
    if ip -o addr show | grep -q " $net\.1/" && ! clear_stale; then echo "$net.0/24 is already in use on this machine (another node set?); set MCP_TRANSPORT_NET" >&2; exit 1; fi
    mkdir -p "$dir"; dir=$(realpath "$dir")
    if [ -e "$dir/tag" ]; then echo "$dir already holds nodes; stop them first" >&2; exit 1; fi
    tag_for "$dir" > "$dir/tag"; tag=$(cat "$dir/tag")
    echo "$((n + m))" > "$dir/count"
    trap 'bash "$0" stop "$dir" >/dev/null 2>&1' ERR   # a half-started set is removed
    mkdir -p /run/sshd
    ssh-keygen -q -t ed25519 -N '' -C mcp-transport-test -f "$dir/id_ed25519"
    ssh-keygen -q -t ed25519 -N '' -C mcp-transport-wrong -f "$dir/id_wrong"
    # the same authorised key also as an encrypted PEM RSA key, to test that format and passphrases
    ssh-keygen -q -t rsa -b 2048 -m PEM -N 'test passphrase' -C mcp-transport-pem -f "$dir/id_rsa_pem"
    cat "$dir/id_ed25519.pub" "$dir/id_rsa_pem.pub" > "$dir/authorized_keys"
    : > "$dir/known_hosts"; : > "$dir/nodes.tsv"; : > "$dir/behind.tsv"
    ip link add "${tag}br" type bridge
    ip addr add "$net.1/24" dev "${tag}br"
    ip link set "${tag}br" up
    echo "${tag}br" > "$dir/bridge"
    for i in $(seq 1 "$n"); do
        ns=$(node_ns "$i"); veth=$(node_veth "$i"); d="$dir/node$i"
        mkdir -p "$d"
        ssh-keygen -q -t ed25519 -N '' -C "node$i" -f "$d/ssh_host_ed25519_key"
        ip netns add "$ns"
        ip link add "$veth" type veth peer name eth0 netns "$ns"
        ip link set "$veth" master "${tag}br" up
        ip -n "$ns" link set eth0 address "$(node_mac "$i")"
        ip -n "$ns" link set lo up
        ip -n "$ns" addr add "$(node_ip "$i")/24" dev eth0
        ip -n "$ns" link set eth0 up
        start_sshd "$i"
        echo "$(node_ip "$i") $(cut -d' ' -f1-2 "$d/ssh_host_ed25519_key.pub")" >> "$dir/known_hosts"
        printf 'node%s\t%s\t%s\n' "$i" "$(node_ip "$i")" "$ns" >> "$dir/nodes.tsv"
    done
    if ((m > 0)); then
        # the hub: a bridge in a namespace of its own; node1's second leg and the inner nodes join it
        hub=$(hub_ns)
        ip netns add "$hub"
        ip -n "$hub" link add hb type bridge
        ip -n "$hub" link set hb up
        ip -n "$hub" link add b1 type veth peer name eth1 netns "$(node_ns 1)"
        ip -n "$hub" link set b1 master hb up
        ip -n "$(node_ns 1)" addr add "$net.129/25" dev eth1
        ip -n "$(node_ns 1)" link set eth1 up
        for i in $(seq $((n + 1)) $((n + m))); do
            ns=$(node_ns "$i"); d="$dir/node$i"
            mkdir -p "$d"; echo "$net.$((200 + i - n))" > "$d/ip"
            ssh-keygen -q -t ed25519 -N '' -C "node$i" -f "$d/ssh_host_ed25519_key"
            ip netns add "$ns"
            ip -n "$hub" link add "v$i" type veth peer name eth0 netns "$ns"
            ip -n "$hub" link set "v$i" master hb up
            ip -n "$ns" link set lo up
            ip -n "$ns" addr add "$(node_ip "$i")/25" dev eth0
            ip -n "$ns" link set eth0 up
            start_sshd "$i"
            echo "$(node_ip "$i") $(cut -d' ' -f1-2 "$d/ssh_host_ed25519_key.pub")" >> "$dir/known_hosts"
            printf 'node%s\t%s\t%s\tnode1\n' "$i" "$(node_ip "$i")" "$ns" >> "$dir/behind.tsv"
        done
    fi
    wait_ready $(seq 1 $((n + m)))
    ;;
stop)
    [ -e "$dir/tag" ] || exit 0
    tag=$(cat "$dir/tag"); n=$(cat "$dir/count")
    for i in $(seq 1 "$n"); do
        ns=$(node_ns "$i")
        if ip netns list | grep -qw "$ns"; then
            # only processes inside this script's own namespace: its sshd and the sessions it forked
            for pid in $(ip netns pids "$ns"); do kill -9 "$pid" 2>/dev/null || true; done
            ip netns del "$ns"
        fi
        # the host end goes with the namespace, but only once the kernel frees it: do not wait for that
        ip link del "$(node_veth "$i")" 2>/dev/null || true
    done
    ip link del "${tag}br" 2>/dev/null || true
    if ip netns list | grep -qw "$(hub_ns)"; then ip netns del "$(hub_ns)"; fi
    rm -rf "$dir"
    ;;
kill)
    i=${3:?node number}; ns=$(node_ns "$i")
    for pid in $(ip netns pids "$ns"); do kill -9 "$pid" 2>/dev/null || true; done
    ;;
restart)
    i=${3:?node number}; ns=$(node_ns "$i")
    for pid in $(ip netns pids "$ns"); do kill -9 "$pid" 2>/dev/null || true; done
    if [ "${4:-}" = "--new-host-key" ]; then
        rm -f "$dir/node$i/ssh_host_ed25519_key" "$dir/node$i/ssh_host_ed25519_key.pub"
        ssh-keygen -q -t ed25519 -N '' -C "node$i-new" -f "$dir/node$i/ssh_host_ed25519_key"
    fi
    sleep 0.1
    start_sshd "$i"
    wait_ready "$i"
    ;;
block)
    i=${3:?node number}
    ip neigh replace "$(node_ip "$i")" lladdr "$(node_mac "$i")" dev "$(cat "$dir/bridge")" nud permanent
    ip link set "$(node_veth "$i")" down
    ;;
unblock)
    i=${3:?node number}
    ip link set "$(node_veth "$i")" up
    ip neigh del "$(node_ip "$i")" dev "$(cat "$dir/bridge")" 2>/dev/null || true
    ;;
*)
    echo "unknown command $cmd" >&2; exit 2 ;;
esac
