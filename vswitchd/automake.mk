# vswitchd/automake.mk -- build rules for vswitchd/.
#
# vswitch.ovsschema is the Open_vSwitch database schema
# (ovs-vswitchd.conf.db(5)); it is installed in $(pkgdatadir), where
# ovsdb-tool create and ovs-vsctl's users expect it.
pkgdata_DATA += vswitchd/vswitch.ovsschema
EXTRA_DIST += vswitchd/vswitch.ovsschema

# Its man page; tests/vswitch-schema.at checks that it names every table
# and column of the schema.
dist_man_MANS += Documentation/ovs-vswitchd.conf.db.5
