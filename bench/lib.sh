# bench/lib.sh -- what the benchmark scripts share.  Sourced (POSIX sh),
# never run:
#
#     here=$(cd "$(dirname "$0")" && pwd)
#     . "$here/lib.sh"
#     bench_args "$0" "$@"
#
# bench_args sets 'srcdir' (the parent of bench/, or --srcdir=DIR) and
# 'builddir' (the current directory, or --builddir=DIR); --scale=X sets
# BENCH_SCALE; -h/--help prints the script's header comment (from its
# second line to the first line that is not a comment) and exits 0; any
# other argument is an error (status 2).  log and die write timestamped
# lines to stderr.

srcdir=$(dirname "$here")
builddir=$PWD

bench_usage () {
    awk 'NR == 1 { next } /^#/ { sub(/^# ?/, ""); print; next } { exit }' \
        "$1"
}

bench_args () {
    bench_script=$1
    shift
    for arg in "$@"; do
        case $arg in
            --builddir=*) builddir=${arg#--builddir=} ;;
            --srcdir=*) srcdir=${arg#--srcdir=} ;;
            --scale=*) BENCH_SCALE=${arg#--scale=}; export BENCH_SCALE ;;
            -h|--help) bench_usage "$bench_script"; exit 0 ;;
            *) echo "$bench_script: unknown argument $arg" >&2; exit 2 ;;
        esac
    done
}

log () { printf '[%s] %s\n' "$(date +%T)" "$*" >&2; }
die () { log "FATAL: $*"; exit 1; }
