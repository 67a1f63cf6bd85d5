/* dirs.c -- where files live (see dirs.h).
 *
 * Each directory is the environment variable of the same name if it is set
 * and nonempty, else the value configure chose, which the Makefile passes
 * as a macro (-DOVS_RUNDIR='"..."' and so on).  The environment is read on
 * every call rather than cached, so a test harness that sets a variable
 * after startup still takes effect; the cost is one getenv(). */

#include <config.h>
#include "dirs.h"

#include <stdlib.h>

#ifndef OVS_RUNDIR
#error "OVS_RUNDIR must be defined by the build (see Makefile.am)"
#endif

/* Returns the value of environment variable NAME, or DEFAULT_DIR if it is
 * unset or empty. */
static const char *
dir_from_env(const char *name, const char *default_dir)
{
    const char *value = getenv(name);
    return value && value[0] ? value : default_dir;
}

const char *
ovs_rundir(void)
{
    return dir_from_env("OVS_RUNDIR", OVS_RUNDIR);
}

const char *
ovs_logdir(void)
{
    return dir_from_env("OVS_LOGDIR", OVS_LOGDIR);
}

const char *
ovs_dbdir(void)
{
    return dir_from_env("OVS_DBDIR", OVS_DBDIR);
}

const char *
ovs_sysconfdir(void)
{
    return dir_from_env("OVS_SYSCONFDIR", OVS_SYSCONFDIR);
}

const char *
ovs_pkgdatadir(void)
{
    return dir_from_env("OVS_PKGDATADIR", OVS_PKGDATADIR);
}

const char *
ovs_bindir(void)
{
    return dir_from_env("OVS_BINDIR", OVS_BINDIR);
}
