#!/usr/bin/env bash
# timeline.sh NAME CMD... - where a download's wall time goes, from a packet capture in the bench namespace:
# process start -> first SYN -> last payload byte from the server -> process exit. Run as root after
# /work/shared/bench/ns-up.sh (it reads /tmp/bench/ns.env); needs tcpdump and tshark (apt-get install tcpdump tshark).
# The capture sees packets as the namespace's loopback delivers them, after delayq has held them: "first SYN"
# includes one 20 ms delay and "last byte" is when the client receives it. --immediate-mode -U write each packet
# as it comes (without them the last packets of a run, still in the capture ring when tcpdump was stopped, were
# lost, and the tail looked ~0.1-0.3 s longer than it was). Compare tools within one session, interleaved. CMD must write into a folder it
# starts empty (delete it between runs), or a re-run measures skips instead of downloads:
#   rm -rf /dev/shm/bench/tl; bench/timeline.sh curl curl --parallel --parallel-max 64 --create-dirs -sS --fail -K curl.cfg
#   rm -rf /dev/shm/bench/tl; bench/timeline.sh trawl /tmp/trawl-native urls /tmp/bench/corpus-10000/list.json \
#       -o /dev/shm/bench/tl -j 64 --per-host 64 -q
set -euo pipefail
source /tmp/bench/ns.env
name=$1; shift
pcap=$(mktemp /tmp/timeline-XXXXXX.pcap)
ip netns exec "$NS" tcpdump --immediate-mode -U -i lo -s 80 -Z root -w "$pcap" tcp port "$PORT" 2>/dev/null & tp=$!
sleep 1
start=$(date +%s.%N)
ip netns exec "$NS" "$@" >/dev/null 2>&1 || echo "timeline: $name exited with $?" >&2
end=$(date +%s.%N)
sleep 0.5; kill "$tp"; wait "$tp" 2>/dev/null || true
tshark -r "$pcap" -T fields -e frame.time_epoch -e tcp.srcport -e tcp.flags.syn -e tcp.len 2>/dev/null |
  awk -v s="$start" -v e="$end" -v n="$name" -v port="$PORT" '
    $3 == 1 && first == "" { first = $1 }
    $2 == port && $4 > 0   { last = $1 }
    END { printf "%-8s total %.3f  start->SYN %.3f  SYN->last byte %.3f  last byte->exit %.3f\n", n, e - s, first - s, last - first, e - last }'
rm -f "$pcap"
