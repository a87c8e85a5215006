#ifndef COUPONDESK_CMICROHTTPD_SHIM_H
#define COUPONDESK_CMICROHTTPD_SHIM_H
#include <stdarg.h>
#include <stdint.h>
#include <string.h>
#include <sys/types.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <microhttpd.h>

/* MHD_start_daemon is variadic and does not import into Swift; these non-variadic wrappers pass the
 * options the sandbox needs. */

/* Leaves the request path exactly as received (still percent-encoded): the request signature covers
 * the path as sent, so the sandbox must verify against those bytes, not a decoded copy. */
static inline size_t coupondesk_mhd_identity_unescape(void *cls, struct MHD_Connection *connection, char *s) {
    (void)cls; (void)connection;
    return strlen(s);
}

/* Starts a daemon bound to 127.0.0.1:port (0 = any free port) with one thread per connection, so a
 * handler that waits (the delay fault) holds up only its own connection. */
static inline struct MHD_Daemon *coupondesk_mhd_start_loopback(uint16_t port,
                                                               MHD_AccessHandlerCallback handler,
                                                               void *handler_cls,
                                                               MHD_RequestCompletedCallback completed,
                                                               void *completed_cls,
                                                               unsigned int connection_timeout_seconds,
                                                               unsigned int connection_limit,
                                                               int log_errors) {
    struct sockaddr_in address;
    memset(&address, 0, sizeof(address));
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    unsigned int flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_THREAD_PER_CONNECTION | MHD_USE_AUTO;
    if (log_errors) flags |= MHD_USE_ERROR_LOG;
    return MHD_start_daemon(flags, port, NULL, NULL, handler, handler_cls,
                            MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&address,
                            MHD_OPTION_NOTIFY_COMPLETED, completed, completed_cls,
                            MHD_OPTION_CONNECTION_TIMEOUT, connection_timeout_seconds,
                            MHD_OPTION_CONNECTION_LIMIT, connection_limit,
                            MHD_OPTION_UNESCAPE_CALLBACK, coupondesk_mhd_identity_unescape, NULL,
                            MHD_OPTION_END);
}

/* The port the daemon actually listens on (the kernel's choice when started with port 0). */
static inline uint16_t coupondesk_mhd_bound_port(struct MHD_Daemon *daemon) {
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(daemon, MHD_DAEMON_INFO_BIND_PORT);
    return info ? info->port : 0;
}

/* The listening socket, so a test can check the address it is bound to. */
static inline int coupondesk_mhd_listen_fd(struct MHD_Daemon *daemon) {
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(daemon, MHD_DAEMON_INFO_LISTEN_FD);
    return info ? (int)info->listen_fd : -1;
}

/* A response holding its own copy of the bytes (the memory-mode enum imports awkwardly). */
static inline struct MHD_Response *coupondesk_mhd_response_copy(size_t size, const void *buffer) {
    return MHD_create_response_from_buffer(size, (void *)buffer, MHD_RESPMEM_MUST_COPY);
}
#endif
