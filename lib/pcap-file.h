/* pcap-file.h -- reading and writing classic pcap capture files.
 *
 * The classic format (as written by tcpdump -w): a 24-byte file header
 * with a magic number that tells byte order and timestamp resolution
 * (microseconds or nanoseconds), the snapshot length and the link type,
 * then one 16-byte record header (timestamp, captured length, original
 * length) before each packet.  We write in native byte order with
 * microsecond timestamps and link type Ethernet (1); we read either byte
 * order and either resolution.
 *
 * Used by the dummy netdev (options:pcap) and by tests.  Not thread-safe:
 * one thread per file. */
#ifndef PCAP_FILE_H
#define PCAP_FILE_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct dp_packet;
struct pcap_file;

/* Link type of the files we write. */
#define PCAP_LINKTYPE_ETHERNET 1

/* Opens 'file_name' for reading ("r"), writing from scratch ("w"), or
 * appending ("a": keeps the packets already there, writing a header if
 * the file is new or empty).  On success stores the new file in
 * '*filep' and returns 0; otherwise returns an errno (EPROTO: not a
 * pcap file, or one we cannot append to) and logs why. */
int pcap_file_open(const char *file_name, const char *mode,
                   struct pcap_file **filep);

/* Reads the next packet into a new dp_packet (with DP_PACKET_HEADROOM
 * of headroom) stored in '*packetp'; if 'when_usec' is nonnull, stores
 * its timestamp in microseconds since the epoch.  Returns 0, EOF at a
 * clean end of file, or an errno (EPROTO for a truncated or corrupt
 * record). */
int pcap_file_read(struct pcap_file *, struct dp_packet **packetp,
                   long long *when_usec);

/* Appends the 'size' bytes at 'data' as a packet stamped with the
 * current wall clock, and flushes it to the file so that a reader sees it
 * at once.  Returns 0 or an errno. */
int pcap_file_write(struct pcap_file *, const void *data, size_t size);
int pcap_file_write_packet(struct pcap_file *, const struct dp_packet *);

/* Closes the file.  NULL is fine. */
void pcap_file_close(struct pcap_file *);

#endif /* pcap-file.h */
