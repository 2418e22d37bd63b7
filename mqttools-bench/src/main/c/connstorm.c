/*
 * connstorm: open N MQTT 3.1.1 connections to a broker as fast as it accepts them, at most
 * CONCURRENCY handshakes (connect() started, CONNACK not yet read) at a time, and report the rate
 * and the handshake latency (connect() start to CONNACK). A small C client on purpose: a JVM client
 * warming up its JIT while it connects would measure itself as much as the broker.
 *
 *   connstorm [-h host] [-c concurrency] [-i client-id-prefix] [-s slice] [-r] PORT N
 *
 * With -r the connections are closed with a reset (SO_LINGER 0) instead of a FIN, as the kernel of a
 * client that crashed or lost its network does; the broker sees a failed read instead of an end of stream.
 *
 * Every connection stays open until all N are done (so the broker holds N at the end), then all are
 * closed and the tool exits. With -s, a line per SLICE handshakes done; always, once the storm has
 * begun, a last line: connected=N failed=F seconds=S rate=R p50_ms=.. p90_ms=.. p99_ms=.. max_ms=..
 * (nearest-rank percentiles). Exit status 0; 1 if a connection failed, the storm stalled for 10 s or
 * the process cannot have N file descriptors (the reason on stderr); 2 for bad arguments.
 *
 * Build: cc -O2 -Wall -Wextra -o connstorm connstorm.c
 */
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define STALL_MS 10000
#define MAX_PREFIX 200 /* keeps the CONNECT packet within a two-byte remaining length */
#define MAX_REPORTED 5 /* failures described one by one on stderr; the rest are only counted */

enum state { IDLE, CONNECTING, SENDING, AWAITING, CONNECTED, FAILED };

struct conn {
    int fd;
    enum state state;
    int64_t start_ns;
    unsigned char connack[4];
    int got;  /* bytes of connack read so far */
    int sent; /* bytes of the CONNECT written so far */
};

static struct conn *conns;
static int64_t *latency_ns;
static int connected, failed, in_flight, ep, slice, reset;
static int64_t last_progress_ns, slice_ns;

static int64_t now_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (int64_t)t.tv_sec * 1000000000 + t.tv_nsec;
}

static int cmp_i64(const void *a, const void *b) {
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

static double percentile_ms(int count, double p) {
    if (count == 0) return 0;
    int rank = (int)((p / 100.0) * count + 0.999999);
    if (rank < 1) rank = 1;
    if (rank > count) rank = count;
    return latency_ns[rank - 1] / 1e6;
}

static void usage(void) {
    fprintf(stderr, "usage: connstorm [-h host(127.0.0.1)] [-c concurrency(50)] [-i client-id-prefix(connstorm)]"
                    " [-s slice] [-r] PORT N\n");
    exit(2);
}

static long parse_long(const char *s, long min, long max) {
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || end == s || *end || v < min || v > max) usage();
    return v;
}

/* Ends the handshake of connection i: a failure is counted (the first few described) and its socket closed. */
static void finish(int i, const char *why, int err) {
    struct conn *c = &conns[i];
    if (c->fd >= 0) epoll_ctl(ep, EPOLL_CTL_DEL, c->fd, NULL);
    in_flight--;
    last_progress_ns = now_ns();
    if (why == NULL) {
        c->state = CONNECTED;
        latency_ns[connected++] = last_progress_ns - c->start_ns;
        if (slice && connected % slice == 0) {
            printf("slice connected=%d rate=%.0f\n", connected, slice / ((last_progress_ns - slice_ns) / 1e9));
            fflush(stdout);
            slice_ns = last_progress_ns;
        }
        return;
    }
    c->state = FAILED;
    if (c->fd >= 0) close(c->fd);
    c->fd = -1;
    if (++failed <= MAX_REPORTED) {
        fprintf(stderr, "connstorm: connection %d failed: %s%s%s\n", i, why, err ? ": " : "", err ? strerror(err) : "");
    }
}

/* The CONNECT of connection i: MQTT 3.1.1, clean session, keep alive 0, client id PREFIX-PID-i. */
static int connect_packet(unsigned char *p, const char *prefix, int i) {
    char id[MAX_PREFIX + 32];
    int id_len = snprintf(id, sizeof id, "%s-%d-%d", prefix, (int)getpid(), i);
    int remaining = 10 + 2 + id_len, l = 0;
    p[l++] = 0x10;
    if (remaining < 128) {
        p[l++] = remaining;
    } else {
        p[l++] = (remaining & 0x7f) | 0x80;
        p[l++] = remaining >> 7;
    }
    memcpy(p + l, "\0\4MQTT\4\2\0\0", 10); /* protocol name, level 4, flags: clean session, keep alive 0 */
    l += 10;
    p[l++] = id_len >> 8;
    p[l++] = id_len & 0xff;
    memcpy(p + l, id, id_len);
    return l + id_len;
}

static void on_writable(int i, const char *prefix) {
    struct conn *c = &conns[i];
    if (c->state == CONNECTING) {
        int err = 0;
        socklen_t len = sizeof err;
        if (getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &err, &len) < 0) err = errno;
        if (err) {
            finish(i, "connect", err);
            return;
        }
        c->state = SENDING;
    }
    unsigned char p[MAX_PREFIX + 64];
    int l = connect_packet(p, prefix, i);
    ssize_t w = send(c->fd, p + c->sent, l - c->sent, MSG_NOSIGNAL); /* a closed peer: EPIPE, not SIGPIPE */
    if (w < 0) {
        if (errno != EAGAIN && errno != EINTR) finish(i, "write CONNECT", errno);
        return;
    }
    c->sent += w;
    if (c->sent == l) {
        c->state = AWAITING;
        struct epoll_event ev = {.events = EPOLLIN, .data.u32 = i};
        epoll_ctl(ep, EPOLL_CTL_MOD, c->fd, &ev);
    }
}

static void on_readable(int i) {
    struct conn *c = &conns[i];
    while (c->got < 4) {
        ssize_t r = read(c->fd, c->connack + c->got, 4 - c->got);
        if (r == 0) {
            finish(i, "closed by the broker before a whole CONNACK", 0);
            return;
        }
        if (r < 0) {
            if (errno == EAGAIN || errno == EINTR) return;
            finish(i, "read CONNACK", errno);
            return;
        }
        c->got += r;
    }
    if (c->connack[0] != 0x20 || c->connack[1] != 0x02) {
        finish(i, "not a CONNACK", 0);
    } else if (c->connack[3] != 0) {
        static char why[48];
        snprintf(why, sizeof why, "CONNACK return code %d", c->connack[3]);
        finish(i, why, 0);
    } else {
        finish(i, NULL, 0);
    }
}

/* Starts the handshake of connection i (which may fail at once). */
static void start(int i, const struct addrinfo *ai) {
    struct conn *c = &conns[i];
    c->start_ns = now_ns();
    c->state = CONNECTING;
    in_flight++;
    c->fd = socket(ai->ai_family, ai->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, ai->ai_protocol);
    if (c->fd < 0) {
        finish(i, "socket", errno);
        return;
    }
    int one = 1;
    setsockopt(c->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    struct epoll_event ev = {.events = EPOLLOUT, .data.u32 = i};
    if (epoll_ctl(ep, EPOLL_CTL_ADD, c->fd, &ev) < 0) {
        finish(i, "epoll_ctl", errno);
    } else if (connect(c->fd, ai->ai_addr, ai->ai_addrlen) < 0 && errno != EINPROGRESS) {
        finish(i, "connect", errno);
    }
}

/* Raises the soft limit on open files as far as the hard one; false if n connections still do not fit. */
static int enough_files(int n) {
    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) < 0) return 1;
    if (rl.rlim_cur < rl.rlim_max) {
        rlim_t soft = rl.rlim_cur;
        rl.rlim_cur = rl.rlim_max;
        if (setrlimit(RLIMIT_NOFILE, &rl) < 0) rl.rlim_cur = soft; /* an unlimited hard limit may be refused */
    }
    if (rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur < (rlim_t)n + 16) {
        fprintf(stderr, "connstorm: %d connections need about %d file descriptors, the limit is %llu (ulimit -n)\n",
                n, n + 16, (unsigned long long)rl.rlim_cur);
        return 0;
    }
    return 1;
}

int main(int argc, char **argv) {
    const char *host = "127.0.0.1", *prefix = "connstorm";
    int concurrency = 50, opt;
    while ((opt = getopt(argc, argv, "h:c:i:s:r")) != -1) {
        switch (opt) {
        case 'h': host = optarg; break;
        case 'c': concurrency = (int)parse_long(optarg, 1, INT_MAX); break;
        case 'i': prefix = optarg; break;
        case 's': slice = (int)parse_long(optarg, 1, INT_MAX); break;
        case 'r': reset = 1; break;
        default: usage();
        }
    }
    if (argc - optind != 2 || strlen(prefix) > MAX_PREFIX) usage();
    const char *port = argv[optind];
    parse_long(port, 1, 65535);
    int n = (int)parse_long(argv[optind + 1], 1, 10000000);

    struct addrinfo hints = {.ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM}, *ai;
    int gai = getaddrinfo(host, port, &hints, &ai);
    if (gai) {
        fprintf(stderr, "connstorm: %s: %s\n", host, gai_strerror(gai));
        return 2;
    }
    if (!enough_files(n)) return 1;
    conns = calloc(n, sizeof *conns);
    latency_ns = calloc(n, sizeof *latency_ns);
    ep = epoll_create1(EPOLL_CLOEXEC);
    if (conns == NULL || latency_ns == NULL || ep < 0) {
        perror("connstorm: setup");
        return 1;
    }

    int next = 0, stalled = 0;
    int64_t t0 = now_ns();
    last_progress_ns = slice_ns = t0;
    while (connected + failed < n) {
        while (in_flight < concurrency && next < n) {
            start(next++, ai);
        }
        if (connected + failed == n) break;
        int wait_ms = (int)(STALL_MS - (now_ns() - last_progress_ns) / 1000000);
        struct epoll_event evs[256];
        int m = wait_ms <= 0 ? 0 : epoll_wait(ep, evs, 256, wait_ms);
        if (m < 0 && errno == EINTR) continue;
        if (m < 0) {
            perror("connstorm: epoll_wait");
            return 1;
        }
        if (m == 0 && now_ns() - last_progress_ns >= (int64_t)STALL_MS * 1000000) {
            fprintf(stderr, "connstorm: stalled: no handshake ended for %d s; %d connected, %d failed, %d in flight,"
                            " %d not started\n", STALL_MS / 1000, connected, failed, in_flight, n - next);
            stalled = n - connected - failed;
            break;
        }
        for (int e = 0; e < m; e++) {
            int i = evs[e].data.u32;
            enum state s = conns[i].state;
            if (s == CONNECTING || s == SENDING) {
                on_writable(i, prefix);
            } else if (s == AWAITING) {
                on_readable(i); /* also on EPOLLHUP/EPOLLERR: a refusing CONNACK may come just before the close */
            }
        }
    }
    double seconds = (now_ns() - t0) / 1e9;
    failed += stalled;
    if (failed > MAX_REPORTED) fprintf(stderr, "connstorm: %d connections failed in all\n", failed);

    qsort(latency_ns, connected, sizeof *latency_ns, cmp_i64);
    printf("connected=%d failed=%d seconds=%.3f rate=%.0f p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f max_ms=%.2f\n",
           connected, failed, seconds, connected / seconds, percentile_ms(connected, 50), percentile_ms(connected, 90),
           percentile_ms(connected, 99), percentile_ms(connected, 100));
    fflush(stdout);
    struct linger abort = {.l_onoff = 1, .l_linger = 0};
    for (int i = 0; i < next; i++) {
        if (conns[i].fd < 0) continue;
        if (reset) setsockopt(conns[i].fd, SOL_SOCKET, SO_LINGER, &abort, sizeof abort);
        close(conns[i].fd);
    }
    freeaddrinfo(ai);
    return failed ? 1 : 0;
}
