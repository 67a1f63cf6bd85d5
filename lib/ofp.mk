# OpenFlow 1.0-1.5 wire formats: messages, matches (OXM/NXM), actions and
# instructions, encode and decode; ovs-ofctl.
