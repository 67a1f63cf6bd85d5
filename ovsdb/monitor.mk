# ovsdb/monitor.mk -- monitors (RFC 7047 monitor and extensions) and
# the transaction history for monitor_cond_since.
