#!/bin/bash
# The pictures of `make bench` (gnuplot, SVG), from what bench/summarize.py
# left in the run's directory:
#   OUT-latency.svg   cumulative distributions of 4 KiB O_DIRECT+fsync
#                     write latency: 1 node and 3 nodes at once, each
#                     module, with the local RAID1 as the floor
#   OUT-peer.svg      the same for a peer's writes while another node resyncs
#   OUT-kill.svg      node kill to clean array, the median of each phase
#
#   bench/plot.sh RUN_DIR OUT_PREFIX
set -euo pipefail
run=$1 out=$2

gnuplot <<EOF
set terminal svg size 900,520 dynamic font "sans,12" background "white"
set output "$out-latency.svg"
set title "4 KiB O_DIRECT+fsync writes at queue depth 1: cumulative distribution"
set xlabel "latency (ms, log scale)"
set ylabel "fraction of writes"
set logscale x
set key right bottom
set grid
plot "$run/cdf-control-stock.dat" with lines lw 2 dt 3 lc rgb "#777777" title "local RAID1, internal bitmap", \
     "$run/cdf-1node-stock.dat" with lines lw 2 lc rgb "#d62728" title "stock, 1 node", \
     "$run/cdf-1node-ours.dat" with lines lw 2 lc rgb "#1f77b4" title "ours, 1 node", \
     "$run/cdf-3node-stock.dat" with lines lw 2 dt 2 lc rgb "#d62728" title "stock, 3 nodes at once", \
     "$run/cdf-3node-ours.dat" with lines lw 2 dt 2 lc rgb "#1f77b4" title "ours, 3 nodes at once"

set output "$out-peer.svg"
set title "a peer's 4 KiB writes while another node resyncs (20 MB/s)"
plot "$run/cdf-peer-stock.dat" with lines lw 2 lc rgb "#d62728" title "stock", \
     "$run/cdf-peer-ours.dat" with lines lw 2 lc rgb "#1f77b4" title "ours"

set output "$out-kill.svg"
set title "node killed mid-write: until the survivors' array is clean (medians)"
unset logscale x
set xlabel ""
set ylabel "seconds after the kill"
set style data histograms
set style histogram rowstacked
set style fill solid 0.8 border -1
set boxwidth 0.5
set key outside right top
set grid y
plot "$run/kill-phases.dat" using 2:xtic(1) title "membership change (corosync, dlm\\\\_controld)" lc rgb "#9467bd", \
     "" using 3 title "DLM recovery" lc rgb "#ff7f0e", \
     "" using 4 title "module: merge, until md resyncs" lc rgb "#2ca02c", \
     "" using 5 title "md resync of the dirty regions" lc rgb "#8c564b"
EOF
