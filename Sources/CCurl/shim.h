#ifndef COUPONDESK_CCURL_SHIM_H
#define COUPONDESK_CCURL_SHIM_H
#include <stdlib.h>
#include <string.h>
#include <curl/curl.h>

/* curl_easy_setopt and curl_easy_getinfo are variadic and do not import into Swift: these typed
 * wrappers pass one option each. */
static inline CURLcode coupondesk_curl_set_long(CURL *h, CURLoption o, long v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode coupondesk_curl_set_off(CURL *h, CURLoption o, curl_off_t v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode coupondesk_curl_set_string(CURL *h, CURLoption o, const char *v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode coupondesk_curl_set_pointer(CURL *h, CURLoption o, void *v) { return curl_easy_setopt(h, o, v); }
static inline long coupondesk_curl_response_code(CURL *h) { long v = 0; curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &v); return v; }
static inline curl_off_t coupondesk_curl_connect_time_us(CURL *h) { curl_off_t v = 0; curl_easy_getinfo(h, CURLINFO_CONNECT_TIME_T, &v); return v; }
static inline curl_off_t coupondesk_curl_info_off(CURL *h, CURLINFO i) { curl_off_t v = 0; curl_easy_getinfo(h, i, &v); return v; }
static inline long coupondesk_curl_info_long(CURL *h, CURLINFO i) { long v = 0; curl_easy_getinfo(h, i, &v); return v; }
static inline const char *coupondesk_curl_info_string(CURL *h, CURLINFO i) { char *v = NULL; curl_easy_getinfo(h, i, &v); return v; }

/* Where one exchange's body goes. The bound is enforced inside libcurl's write callback: returning
 * less than was offered makes libcurl stop reading at once, so nothing past `limit` (plus libcurl's
 * one receive buffer) is ever held in memory, however fast the server sends. */
typedef struct {
    unsigned char *data;
    size_t length;
    size_t capacity;
    size_t limit;
    int exceeded;
    int cancelled; /* set from another thread with __atomic_store_n; polled by the progress callback */
} coupondesk_curl_sink;

static inline size_t coupondesk_curl_write(char *ptr, size_t size, size_t count, void *userdata) {
    coupondesk_curl_sink *sink = (coupondesk_curl_sink *)userdata;
    size_t n = size * count;
    if (n > sink->limit - sink->length) { sink->exceeded = 1; return 0; }
    if (sink->length + n > sink->capacity) {
        size_t capacity = sink->capacity ? sink->capacity : 16384;
        while (capacity < sink->length + n) capacity *= 2;
        if (capacity > sink->limit) capacity = sink->limit;
        unsigned char *grown = (unsigned char *)realloc(sink->data, capacity);
        if (!grown) return 0;
        sink->data = grown;
        sink->capacity = capacity;
    }
    memcpy(sink->data + sink->length, ptr, n);
    sink->length += n;
    return n;
}

static inline int coupondesk_curl_progress(void *userdata, curl_off_t dltotal, curl_off_t dlnow,
                                           curl_off_t ultotal, curl_off_t ulnow) {
    (void)dltotal; (void)dlnow; (void)ultotal; (void)ulnow;
    coupondesk_curl_sink *sink = (coupondesk_curl_sink *)userdata;
    return __atomic_load_n(&sink->cancelled, __ATOMIC_SEQ_CST) ? 1 : 0;
}

static inline void coupondesk_curl_cancel(coupondesk_curl_sink *sink) {
    __atomic_store_n(&sink->cancelled, 1, __ATOMIC_SEQ_CST);
}

/* Points the handle's write and progress callbacks at `sink`. */
static inline void coupondesk_curl_attach_sink(CURL *h, coupondesk_curl_sink *sink) {
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, coupondesk_curl_write);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, (void *)sink);
    curl_easy_setopt(h, CURLOPT_XFERINFOFUNCTION, coupondesk_curl_progress);
    curl_easy_setopt(h, CURLOPT_XFERINFODATA, (void *)sink);
    curl_easy_setopt(h, CURLOPT_NOPROGRESS, 0L);
}

/* The next response header of the last request (libcurl parses them; nil after the last). */
static inline struct curl_header *coupondesk_curl_next_header(CURL *h, struct curl_header *previous) {
    return curl_easy_nextheader(h, CURLH_HEADER, -1, previous);
}
#endif
