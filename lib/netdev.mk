# Network devices: the netdev interface and its providers.
