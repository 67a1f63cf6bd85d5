/* system-id.h -- this host's identity for Open_vSwitch external_ids.
 *
 * Controllers such as OVN name a chassis by Open_vSwitch
 * external_ids:system-id.  Open vSwitch's start-up scripts keep it in
 * SYSCONFDIR/openvswitch/system-id.conf; ovs-vswitchd fills it in from
 * that file (or a new random UUID, saved there) when the database has
 * none, so that a switch started by hand has one too. */
#ifndef SYSTEM_ID_H
#define SYSTEM_ID_H 1

/* Returns the system id to use: the first line of the file, or a new
 * random UUID, then written to the file if the file was missing or held
 * no id (and its directory exists).  The caller frees the string. */
char *system_id_load(void);

#endif /* system-id.h */
