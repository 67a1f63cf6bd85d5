/* dirs.h -- where files live.  Each directory comes from configure and can
 * be overridden by an environment variable, as the tools we are compatible
 * with allow (OVS_RUNDIR, OVS_LOGDIR, OVS_DBDIR, OVS_SYSCONFDIR,
 * OVS_PKGDATADIR, OVS_BINDIR).  Tests and the sandbox set them all. */
#ifndef DIRS_H
#define DIRS_H 1

const char *ovs_rundir(void);       /* Sockets, pidfiles. */
const char *ovs_logdir(void);
const char *ovs_dbdir(void);        /* conf.db */
const char *ovs_sysconfdir(void);
const char *ovs_pkgdatadir(void);   /* vswitch.ovsschema */
const char *ovs_bindir(void);

#endif /* dirs.h */
