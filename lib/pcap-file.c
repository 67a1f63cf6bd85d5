/* pcap-file.c -- classic pcap files (see pcap-file.h).
 *
 * The reader learns the byte order and timestamp resolution from the
 * magic number and converts as it goes.  The writer flushes after each
 * packet: the files are for tests and debugging, where seeing a packet at
 * once matters more than speed. */
#include <config.h>
#include "pcap-file.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "dp-packet.h"
#include "timeval.h"
#include "util.h"
#include "vlog.h"

VLOG_DEFINE_THIS_MODULE(pcap_file);

#define PCAP_MAGIC_USEC 0xa1b2c3d4
#define PCAP_MAGIC_NSEC 0xa1b23c4d
#define PCAP_SNAPLEN 262144     /* Largest packet we write or accept. */

struct pcap_file_header {
    uint32_t magic;
    uint16_t version_major;     /* 2 */
    uint16_t version_minor;     /* 4 */
    int32_t thiszone;           /* 0 */
    uint32_t sigfigs;           /* 0 */
    uint32_t snaplen;
    uint32_t linktype;
};

struct pcap_record_header {
    uint32_t ts_sec;
    uint32_t ts_frac;           /* Microseconds or nanoseconds. */
    uint32_t incl_len;          /* Bytes in the file. */
    uint32_t orig_len;          /* Bytes on the wire. */
};

struct pcap_file {
    FILE *stream;
    char *name;
    bool swapped;               /* File byte order is not ours. */
    bool nsec;                  /* Timestamps in nanoseconds. */
};

static uint32_t
pcap_u32(const struct pcap_file *file, uint32_t x)
{
    return file->swapped ? __builtin_bswap32(x) : x;
}

/* Reads and checks the file header of 'file'. */
static int
pcap_read_header(struct pcap_file *file)
{
    struct pcap_file_header h;

    if (fread(&h, sizeof h, 1, file->stream) != 1) {
        VLOG_WARN("%s: failed to read pcap header (%s)", file->name,
                  ferror(file->stream) ? ovs_strerror(errno)
                  : "file too short");
        return EPROTO;
    }
    switch (h.magic) {
    case PCAP_MAGIC_USEC:
        break;
    case PCAP_MAGIC_NSEC:
        file->nsec = true;
        break;
    default:
        if (h.magic == __builtin_bswap32(PCAP_MAGIC_USEC)) {
            file->swapped = true;
        } else if (h.magic == __builtin_bswap32(PCAP_MAGIC_NSEC)) {
            file->swapped = file->nsec = true;
        } else {
            VLOG_WARN("%s: bad pcap magic number %#x", file->name, h.magic);
            return EPROTO;
        }
    }
    uint32_t linktype = pcap_u32(file, h.linktype);
    if (linktype != PCAP_LINKTYPE_ETHERNET) {
        VLOG_WARN("%s: pcap link type %u is not Ethernet", file->name,
                  linktype);
    }
    return 0;
}

static int
pcap_write_header(struct pcap_file *file)
{
    struct pcap_file_header h = {
        .magic = PCAP_MAGIC_USEC,
        .version_major = 2,
        .version_minor = 4,
        .snaplen = PCAP_SNAPLEN,
        .linktype = PCAP_LINKTYPE_ETHERNET,
    };
    if (fwrite(&h, sizeof h, 1, file->stream) != 1
        || fflush(file->stream)) {
        int error = errno;
        VLOG_WARN("%s: failed to write pcap header (%s)", file->name,
                  ovs_strerror(error));
        return error;
    }
    return 0;
}

int
pcap_file_open(const char *file_name, const char *mode,
               struct pcap_file **filep)
{
    const char *fmode;
    int error;

    *filep = NULL;
    switch (mode[0]) {
    case 'r': fmode = "rb"; break;
    case 'w': fmode = "wb"; break;
    case 'a': fmode = "a+b"; break;
    default: return EINVAL;
    }

    FILE *stream = fopen(file_name, fmode);
    if (!stream) {
        error = errno;
        VLOG_WARN("%s: failed to open pcap file for %s (%s)", file_name,
                  mode[0] == 'r' ? "reading" : "writing",
                  ovs_strerror(error));
        return error;
    }

    struct pcap_file *file = xzalloc(sizeof *file);
    file->stream = stream;
    file->name = xstrdup(file_name);

    if (mode[0] == 'r') {
        error = pcap_read_header(file);
    } else if (mode[0] == 'w') {
        error = pcap_write_header(file);
    } else {
        /* Append: an empty file gets a header; a nonempty one must be a
         * pcap file in our own byte order and resolution, or the records
         * we add would not match its header. */
        struct stat st;
        if (fstat(fileno(stream), &st)) {
            error = errno;
        } else if (st.st_size == 0) {
            error = pcap_write_header(file);
        } else {
            rewind(stream);
            error = pcap_read_header(file);
            if (!error && (file->swapped || file->nsec)) {
                VLOG_WARN("%s: cannot append to a pcap file in another "
                          "byte order or resolution", file_name);
                error = EPROTO;
            }
            fseek(stream, 0, SEEK_END);
        }
    }
    if (error) {
        pcap_file_close(file);
        return error;
    }
    *filep = file;
    return 0;
}

int
pcap_file_read(struct pcap_file *file, struct dp_packet **packetp,
               long long *when_usec)
{
    struct pcap_record_header h;

    *packetp = NULL;
    size_t n = fread(&h, 1, sizeof h, file->stream);
    if (n != sizeof h) {
        if (ferror(file->stream)) {
            return errno;
        } else if (n == 0) {
            return EOF;
        }
        VLOG_WARN("%s: truncated pcap record header", file->name);
        return EPROTO;
    }

    uint32_t len = pcap_u32(file, h.incl_len);
    if (len > PCAP_SNAPLEN) {
        VLOG_WARN("%s: pcap record of %u bytes is too long", file->name,
                  len);
        return EPROTO;
    }
    struct dp_packet *packet = dp_packet_new_with_headroom(
        len, DP_PACKET_HEADROOM);
    void *data = dp_packet_put(packet, NULL, len);
    if (fread(data, 1, len, file->stream) != len) {
        VLOG_WARN("%s: truncated pcap record", file->name);
        dp_packet_delete(packet);
        return EPROTO;
    }
    if (when_usec) {
        long long frac = pcap_u32(file, h.ts_frac);
        *when_usec = (pcap_u32(file, h.ts_sec) * 1000000LL
                      + (file->nsec ? frac / 1000 : frac));
    }
    *packetp = packet;
    return 0;
}

int
pcap_file_write(struct pcap_file *file, const void *data, size_t size)
{
    long long now = time_wall_usec();
    size_t incl = MIN(size, PCAP_SNAPLEN);
    struct pcap_record_header h = {
        .ts_sec = now / 1000000,
        .ts_frac = now % 1000000,
        .incl_len = incl,
        .orig_len = size,
    };
    if (fwrite(&h, sizeof h, 1, file->stream) != 1
        || fwrite(data, 1, incl, file->stream) != incl
        || fflush(file->stream)) {
        int error = errno ? errno : EIO;
        VLOG_WARN("%s: failed to write pcap record (%s)", file->name,
                  ovs_strerror(error));
        return error;
    }
    return 0;
}

int
pcap_file_write_packet(struct pcap_file *file,
                       const struct dp_packet *packet)
{
    return pcap_file_write(file, dp_packet_data(packet),
                           dp_packet_size(packet));
}

void
pcap_file_close(struct pcap_file *file)
{
    if (file) {
        fclose(file->stream);
        free(file->name);
        free(file);
    }
}
