# The kernel datapath module (kbuild) and its qemu-booted tests.
