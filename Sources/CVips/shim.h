// libvips behind two functions: Swift cannot call VIPS_INIT or the variadic vips_* functions,
// nor connect a GLib signal. Used by KhoMedia's ImagePixels only.
// SwiftPM does not see edits here (a system-library header): touch ImagePixels.swift after one,
// or the build keeps the old code.
#ifndef KHO_CVIPS_H
#define KHO_CVIPS_H
#include <vips/vips.h>
#include <string.h>
#include <time.h>

/// Starts libvips once (call under a lock): one worker thread per image (kho hashes images in
/// parallel already), no operation cache, untrusted loaders (those fuzzing has not hardened)
/// blocked, and no run-time code generation (liborc): it can spin where no timeout reaches, and it
/// needs an executable mapping in $TMPDIR that hardened servers refuse.
static inline void kho_vips_quiet(const gchar *domain, GLogLevelFlags level, const gchar *message, gpointer data) {
    (void)domain; (void)level; (void)message; (void)data;  // damaged files are reported by kho, with their names
}

static inline int kho_vips_init(void) {
    if (VIPS_INIT("kho")) return -1;
    g_log_set_handler("VIPS", G_LOG_LEVEL_WARNING | G_LOG_LEVEL_MESSAGE, kho_vips_quiet, NULL);
    vips_concurrency_set(1);
    vips_cache_set_max(0);
    vips_cache_set_max_mem(0);
    vips_block_untrusted_set(TRUE);
    vips_vector_set_enabled(FALSE);
    return 0;
}

/// 1 when libvips would generate code at run time (liborc); kho starts it with that off.
static inline int kho_vips_codegen(void) { return vips_vector_isenabled() ? 1 : 0; }

static inline double kho_vips_now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static inline void kho_vips_eval(VipsImage *image, VipsProgress *progress, void *deadline) {
    (void)progress;
    if (kho_vips_now() > *(double *)deadline) vips_image_set_kill(image, TRUE);
}

static inline void kho_vips_error(char *err, int errlen) {
    if (errlen > 0) {
        strncpy(err, vips_error_buffer(), (size_t)errlen - 1);
        err[errlen - 1] = 0;
    }
    vips_error_clear();
}

/// The picture at `path` as 8-bit grey pixels (`out` holds side*side bytes): header read first,
/// refused (2) when width*height exceeds `max_pixels`; then decoded with shrink-on-load, turned
/// upright by its EXIF orientation, grey — squeezed to the `side`×`side` square, or with `fit`
/// fitted inside it, its shape kept and never enlarged. `columns`/`rows` are the pixels written;
/// `width`/`height` are the stored (header) dimensions. Returns 0, or 1 unreadable header,
/// 2 too large, 3 decoding failed or took longer than `timeout` seconds (message in `err`).
/// `strict`: stop at the first warning (damaged data), so the caller can tell and say so.
static inline int kho_vips_grey(const char *path, int side, int fit, long long max_pixels, double timeout, int strict,
                                unsigned char *out, int *columns, int *rows, int *width, int *height, int *orientation,
                                char *err, int errlen) {
    VipsImage *header = vips_image_new_from_file(path, "access", VIPS_ACCESS_SEQUENTIAL, NULL);
    if (!header) { kho_vips_error(err, errlen); return 1; }
    *width = vips_image_get_width(header);
    *height = vips_image_get_height(header);
    *orientation = vips_image_get_orientation(header);
    g_object_unref(header);
    if ((long long)*width * (long long)*height > max_pixels) return 2;

    // On the heap, freed with the signal connection: libvips may signal after this function returns.
    double *deadline = g_new(double, 1);
    *deadline = kho_vips_now() + timeout;
    VipsImage *thumb = NULL, *grey = NULL, *band = NULL, *bytes = NULL;
    int status = 3;
    if (vips_thumbnail(path, &thumb, side, "height", side, "size", fit ? VIPS_SIZE_DOWN : VIPS_SIZE_FORCE,
                       "fail_on", strict ? VIPS_FAIL_ON_WARNING : VIPS_FAIL_ON_NONE, NULL)) { g_free(deadline); goto done; }
    vips_image_set_progress(thumb, TRUE);
    g_signal_connect_data(thumb, "eval", G_CALLBACK(kho_vips_eval), deadline, (GClosureNotify)(void (*)(void))g_free, 0);
    if (vips_colourspace(thumb, &grey, VIPS_INTERPRETATION_B_W, NULL)) goto done;
    if (vips_extract_band(grey, &band, 0, NULL)) goto done;
    if (vips_cast_uchar(band, &bytes, NULL)) goto done;
    size_t size = 0;
    void *memory = vips_image_write_to_memory(bytes, &size);
    if (!memory) goto done;
    *columns = vips_image_get_width(bytes);
    *rows = vips_image_get_height(bytes);
    if (size == (size_t)*columns * (size_t)*rows && size <= (size_t)side * (size_t)side) {
        memcpy(out, memory, size);
        status = 0;
    }
    g_free(memory);
done:
    if (status != 0) kho_vips_error(err, errlen);
    if (bytes) g_object_unref(bytes);
    if (band) g_object_unref(band);
    if (grey) g_object_unref(grey);
    if (thumb) g_object_unref(thumb);
    return status;
}
#endif
