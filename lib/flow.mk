# Packets and flows: lib/dp-packet, lib/packets, lib/flow (and their tests).
