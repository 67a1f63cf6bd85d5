# ofproto/automake.mk -- the OpenFlow switch (ofproto/ofproto.h).
EXTRA_DIST += ofproto/ofproto.h
